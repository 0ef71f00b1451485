// scratch: how much probability does the starter put on the reference answer, where its greedy answer is wrong?
import { initBackend } from './server/ml/backend';
import { loadCheckpoint } from './server/ml/model/checkpoint';
import { renderPrompt } from './server/ml/model/chat-template';
import { responseLogProbs } from './server/ml/rl/logprobs';
import { sampleAndVerify } from './server/ml/generation/pass-at-k';
import { FAMILIES, generateTasks } from './server/ml/tasks/index';
await initBackend();
const { model, tokenizer: tok } = await loadCheckpoint(process.argv[2] ?? 'models/starter');
const tasks = generateTasks({ seed: 2024, count: 20 * FAMILIES.length, split: 'heldout' });
const greedy = sampleAndVerify(model, tok, tasks, { n: 1, temperature: 0, seed: 2024 });
const seqs = tasks.map((t) => ({ prompt: tok.encode(renderPrompt(t.prompt)), response: tok.encode(t.answer), finished: true }));
const { logprobs } = responseLogProbs(model, seqs, { padId: tok.padId, eosId: tok.eosId });
const by: Record<string, { right: number; wrongP: number[]; rightP: number[] }> = {};
tasks.forEach((t, i) => {
  const p = Math.exp(logprobs[i].reduce((a, b) => a + b, 0));
  const f = (by[t.family] ??= { right: 0, wrongP: [], rightP: [] });
  if (greedy.scores[i][0] >= 1 - 1e-9) { f.right++; f.rightP.push(p); } else f.wrongP.push(p);
});
const med = (xs: number[]) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] : NaN);
console.log('family           greedyRight  wrong: n  p(ref)>0.05  >0.2  median   | right: median p(ref)');
for (const [fam, f] of Object.entries(by)) {
  console.log(`${fam.padEnd(16)} ${String(f.right).padStart(6)} ${String(f.wrongP.length).padStart(10)} ${String(f.wrongP.filter((p) => p > 0.05).length).padStart(10)} ${String(f.wrongP.filter((p) => p > 0.2).length).padStart(6)}  ${med(f.wrongP).toExponential(1).padStart(8)}   | ${med(f.rightP).toFixed(2)}`);
}
