// Do the built-in policy's pairs carry signal? On held-out task-world prompts, per family: greedy pass@1, pass@k
// at T=1, and the share of queue pairs whose two answers the verifier separates (score gap ≥ 0.5), for the old
// queue sampling (2 samples at T=0.8) and the new default (K samples, the most different two).
//   npm run bench:pairs [-- --checkpoint models/starter --per-family 20 --seed 2024 --json out.json]
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { initBackend } from '../server/ml/backend';
import { STARTER_CHECKPOINT_DIR } from '../server/ml/generation/generate-pairs';
import { selectPairs } from '../server/ml/generation/pair-selection';
import { passAtK, type SampledTasks, sampleAndVerify } from '../server/ml/generation/pass-at-k';
import { LEGACY_QUEUE_SAMPLING, QUEUE_SAMPLING, type QueueSampling } from '../server/ml/generation/queue-sampling';
import { loadCheckpoint } from '../server/ml/model/checkpoint';
import { FAMILIES, generateTasks } from '../server/ml/tasks/index';

const { values: flags } = parseArgs({
  options: {
    checkpoint: { type: 'string', default: STARTER_CHECKPOINT_DIR },
    'per-family': { type: 'string', default: '20' },
    seed: { type: 'string', default: '2024' },
    json: { type: 'string' },
  },
});
const SEPARATED = 0.5; // verifier score gap that makes a pair's right answer clear

/** Pairs the sampling would put in the queue, and how many of them the verifier separates, by family. */
function separation(tasks: { family: string }[], s: SampledTasks, q: QueueSampling) {
  const by: Record<string, { prompts: number; pairs: number; separated: number }> = {};
  tasks.forEach((t, i) => {
    by[t.family] ??= { prompts: 0, pairs: 0, separated: 0 };
    const f = by[t.family];
    f.prompts++;
    for (const [a, b] of selectPairs(s.texts[i], { pairs: q.pairsPerPrompt, strategy: q.strategy })) {
      f.pairs++;
      if (Math.abs(s.scores[i][a] - s.scores[i][b]) >= SEPARATED) f.separated++;
    }
  });
  const total = Object.values(by).reduce((a, f) => ({ prompts: a.prompts + f.prompts, pairs: a.pairs + f.pairs, separated: a.separated + f.separated }), {
    prompts: 0,
    pairs: 0,
    separated: 0,
  });
  return { by, total };
}

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
const share = (n: number, d: number) => (d > 0 ? n / d : 0);

async function main() {
  const backend = await initBackend();
  const { model, tokenizer, meta } = await loadCheckpoint(flags.checkpoint);
  const perFamily = Number(flags['per-family']);
  const seed = Number(flags.seed);
  const tasks = generateTasks({ seed, count: perFamily * FAMILIES.length, split: 'heldout' });
  console.log(`bench:pairs — ${flags.checkpoint} (${(meta as { name?: string }).name ?? 'policy'}), ${tasks.length} held-out tasks, backend ${backend}`);

  const t0 = performance.now();
  const greedy = sampleAndVerify(model, tokenizer, tasks, { n: 1, temperature: 0, seed });
  const sampled = sampleAndVerify(model, tokenizer, tasks, { n: QUEUE_SAMPLING.samplesPerPrompt, temperature: QUEUE_SAMPLING.temperature, seed: seed + 1 });
  const legacy = sampleAndVerify(model, tokenizer, tasks, { n: LEGACY_QUEUE_SAMPLING.samplesPerPrompt, temperature: LEGACY_QUEUE_SAMPLING.temperature, seed: seed + 2 });
  const seconds = (performance.now() - t0) / 1000;
  model.dispose();

  const k = QUEUE_SAMPLING.samplesPerPrompt;
  const pass = passAtK(tasks, greedy, sampled);
  const sepNew = separation(tasks, sampled, QUEUE_SAMPLING);
  const sepOld = separation(tasks, legacy, LEGACY_QUEUE_SAMPLING);
  const inTarget = (f: { pass1: number; passK: number }) => f.pass1 >= 0.2 && f.pass1 <= 0.75 && f.passK >= 0.5;

  console.log(`\n${'family'.padEnd(16)} ${'pass@1'.padStart(7)} ${`pass@${k}`.padStart(7)} ${'mean@1'.padStart(7)}  ${'sep old'.padStart(8)} ${'sep new'.padStart(8)}  target`);
  for (const f of FAMILIES) {
    const p = pass.byFamily[f];
    const o = sepOld.by[f];
    const n = sepNew.by[f];
    console.log(
      `${f.padEnd(16)} ${p.pass1.toFixed(2).padStart(7)} ${p.passK.toFixed(2).padStart(7)} ${p.mean1.toFixed(2).padStart(7)}  ${pct(share(o.separated, o.pairs)).padStart(8)} ${pct(share(n.separated, n.pairs)).padStart(8)}  ${inTarget(p) ? 'yes' : 'no'}`,
    );
  }
  const families = FAMILIES.filter((f) => inTarget(pass.byFamily[f])).length;
  console.log('');
  console.log(`pass@1 (greedy): ${pass.all.pass1.toFixed(3)}; pass@${k} (T=${QUEUE_SAMPLING.temperature}): ${pass.all.passK.toFixed(3)}; greedy mean score: ${pass.all.mean1.toFixed(3)}`);
  console.log(`families in target (pass@1 0.2–0.75 and pass@${k} ≥ 0.5): ${families} of ${FAMILIES.length}`);
  console.log(
    `old sampling (${LEGACY_QUEUE_SAMPLING.samplesPerPrompt} at T=${LEGACY_QUEUE_SAMPLING.temperature}): ${sepOld.total.pairs} pairs from ${sepOld.total.prompts} prompts, ${pct(share(sepOld.total.separated, sepOld.total.pairs))} separated`,
  );
  console.log(
    `new sampling (${k} at T=${QUEUE_SAMPLING.temperature}, most different pair): ${sepNew.total.pairs} pairs from ${sepNew.total.prompts} prompts, ${pct(share(sepNew.total.separated, sepNew.total.pairs))} separated`,
  );
  console.log(`pairs separated by the verifier: ${pct(share(sepNew.total.separated, sepNew.total.pairs))}`);
  console.log(`(sampling took ${seconds.toFixed(0)} s)`);
  if (flags.json)
    writeFileSync(flags.json, JSON.stringify({ checkpoint: flags.checkpoint, backend, pass, familiesInTarget: families, separation: { old: sepOld, new: sepNew } }, null, 2));
}

await main();
