// Worker thread of bench:loop: the oracle's verdict on a policy checkpoint (held-out greedy verifier scores, win
// rate and KL against the starter). A worker, so the server that bench:loop hosts keeps answering meanwhile.
import { defineWorkerTask } from '../../server/jobs/worker-task';
import { initBackend } from '../../server/ml/backend';
import { renderPrompt } from '../../server/ml/model/chat-template';
import { loadCheckpoint } from '../../server/ml/model/checkpoint';
import type { GPT } from '../../server/ml/model/gpt';
import { generate } from '../../server/ml/model/sampling';
import type { Tokenizer } from '../../server/ml/model/tokenizer';
import { responseLogProbs } from '../../server/ml/rl/logprobs';
import { verify } from '../../server/ml/tasks/index';
import type { TaskInstance } from '../../server/ml/tasks/types';

export interface JudgeInput {
  dir: string; // the policy to judge
  starterDir: string;
  heldout: TaskInstance[];
  maxNewTokens: number;
  seed: number;
}

export interface Judged {
  scores: number[]; // per held-out task, greedy
  heldoutMean: number;
  winRate: number; // vs the starter's greedy answers, ties ½
  wins: number;
  ties: number;
  losses: number;
  kl: number; // mean Σ_t (log π − log π_starter) over T=0.7 samples of the policy
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

function greedyScores(model: GPT, tok: Tokenizer, tasks: TaskInstance[], maxNewTokens: number, batchSize = 48): number[] {
  const scores: number[] = [];
  for (let i = 0; i < tasks.length; i += batchSize) {
    const chunk = tasks.slice(i, i + batchSize);
    const samples = generate(model, tok, chunk.map((t) => renderPrompt(t.prompt)), { maxNewTokens, temperature: 0 });
    scores.push(...chunk.map((t, j) => verify(t.verifier, samples[j].text)));
  }
  return scores;
}

function klTo(model: GPT, reference: GPT, tok: Tokenizer, tasks: TaskInstance[], maxNewTokens: number, seed: number): number {
  const prompts = tasks.filter((_, i) => i % 2 === 0).map((t) => renderPrompt(t.prompt));
  const samples = generate(model, tok, prompts, { maxNewTokens, temperature: 0.7, seed });
  const seqs = samples.map((s) => ({ prompt: s.promptTokens, response: s.tokens, finished: s.finished }));
  const ids = { padId: tok.padId, eosId: tok.eosId };
  const pi = responseLogProbs(model, seqs, ids, { temperature: 0.7 }).logprobs;
  const ref = responseLogProbs(reference, seqs, ids, { temperature: 0.7 }).logprobs;
  return mean(pi.map((lp, i) => lp.reduce((a, x, t) => a + x - ref[i][t], 0)));
}

export async function judge(input: JudgeInput): Promise<Judged> {
  await initBackend();
  const { model, tokenizer } = await loadCheckpoint(input.dir);
  const { model: starter } = await loadCheckpoint(input.starterDir);
  try {
    const scores = greedyScores(model, tokenizer, input.heldout, input.maxNewTokens);
    const base = input.dir === input.starterDir ? scores : greedyScores(starter, tokenizer, input.heldout, input.maxNewTokens);
    const wins = scores.filter((s, i) => s > base[i]).length;
    const ties = scores.filter((s, i) => s === base[i]).length;
    const kl = input.dir === input.starterDir ? 0 : klTo(model, starter, tokenizer, input.heldout, input.maxNewTokens, input.seed);
    const n = input.heldout.length;
    return { scores, heldoutMean: mean(scores), winRate: (wins + ties / 2) / n, wins, ties, losses: n - wins - ties, kl };
  } finally {
    model.dispose();
    starter.dispose();
  }
}

defineWorkerTask<JudgeInput, Judged>((input) => judge(input));
