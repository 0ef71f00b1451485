// bench:rm-curve — how many labels does a reward model need on the task world? Figures are printed, never asserted.
//   npm run bench:rm-curve [-- --train-prompts 2000] [--per-family 50] [--counts 250,500,all] [--noise 0.25]
//                          [--epochs 3] [--ensemble 3] [--samples 4] [--checkpoint models/starter] [--seed 0]
// 1. K samples per prompt at T=1 from the starter on --train-prompts train-split task prompts and --per-family
//    held-out prompts per family (two worker threads, one per core); of each prompt's samples, the most different
//    two form its pair (the queue's rule, never the oracle's).
// 2. Train pairs are labelled by one simulated annotator (ml/tasks/simulated-annotator.ts: flip noise --noise,
//    position bias, ties and both-bad left out, strength → margin) in a random shown order; held-out pairs by the
//    oracle (the verifier; pairs it scores within 0.05 are left out).
// 3. For each count, a reward model is trained from the starter on the first `count` labelled pairs as the loop
//    trains it (ensemble heads, rank loss with margins, --epochs), two at a time on the two cores, and judged by
//    its accuracy against the oracle on the held-out pairs: prompts it never saw, as the loop's policy will write.
import os from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInWorker } from '../server/jobs/run-in-worker';
import { selectPairs } from '../server/ml/generation/pair-selection';
import type { PromptInput, ResponseSample } from '../server/ml/generation/sample-responses';
import { createRng } from '../server/ml/random';
import { marginOf, type PreferencePair } from '../server/ml/reward/dataset';
import type { RmTaskInput, RmTaskResult } from '../server/ml/reward/rm-task';
import { createSimulatedAnnotator } from '../server/ml/tasks/simulated-annotator';
import { FAMILIES, generateTasks, verify } from '../server/ml/tasks/index';
import type { TaskInstance } from '../server/ml/tasks/types';
import type { SampleInput } from './support/sample-task';

const args = process.argv.slice(2);
const opt = (name: string, fallback: string) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : fallback);
const num = (name: string, fallback: number) => Number(opt(name, String(fallback)));

const TRAIN_PROMPTS = num('train-prompts', 2000);
const PER_FAMILY = num('per-family', 50);
const NOISE = num('noise', 0.25);
const EPOCHS = num('epochs', 3);
const ENSEMBLE = num('ensemble', 3);
const K = num('samples', 4);
const SEED = num('seed', 0);
const CHECKPOINT = resolve(opt('checkpoint', 'models/starter'));
const COUNTS = opt('counts', '250,500,all').split(',');
const EVAL_SEED = 1000; // the held-out tasks of bench:loop and bench:rlvr
const TIE = 0.05;

const SAMPLE_TASK = fileURLToPath(new URL('./support/sample-task.ts', import.meta.url));
const RM_TASK = fileURLToPath(new URL('../server/ml/reward/rm-task.ts', import.meta.url));

/** K samples per task, the tasks split over two workers. */
async function sampleAll(tasks: TaskInstance[]): Promise<ResponseSample[]> {
  const prompts: PromptInput[] = tasks.map((t, i) => ({ id: i, text: t.prompt as string }));
  const half = Math.ceil(prompts.length / 2);
  const parts = await Promise.all(
    [prompts.slice(0, half), prompts.slice(half)].map((part, w) =>
      runInWorker<SampleInput, ResponseSample[]>(SAMPLE_TASK, {
        dir: CHECKPOINT,
        prompts: part,
        samplesPerPrompt: K,
        params: { temperature: 1, maxNewTokens: 96, seed: SEED * 7919 + w * 100_003 },
      }),
    ),
  );
  return parts.flat();
}

/** The queue's pair of each task: the most different two of its samples, with both oracle scores. */
function queuePairs(tasks: TaskInstance[], samples: ResponseSample[]) {
  const byTask = new Map<number, string[]>();
  for (const s of samples) byTask.set(s.promptId, [...(byTask.get(s.promptId) ?? []), s.text]);
  return tasks.flatMap((task, i) => {
    const texts = byTask.get(i) ?? [];
    const [pair] = selectPairs(texts);
    if (!pair) return []; // every sample the same
    const [a, b] = pair.map((j) => texts[j]);
    return [{ task, promptId: i, a, b, scoreA: verify(task.verifier, a), scoreB: verify(task.verifier, b) }];
  });
}

const pairOf = (q: ReturnType<typeof queuePairs>[number], aWins: boolean, strength: number): PreferencePair => ({
  promptId: q.promptId,
  comparisonId: q.promptId,
  prompt: q.task.prompt,
  chosen: aWins ? q.a : q.b,
  rejected: aWins ? q.b : q.a,
  strength,
  margin: marginOf(strength),
});

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;

async function main() {
  console.log(`bench:rm-curve — ${CHECKPOINT}, ${TRAIN_PROMPTS} train prompts, ${PER_FAMILY} held-out per family, K=${K}, noise ${NOISE}, RM: epochs ${EPOCHS}, ${ENSEMBLE} heads`);
  console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, node ${process.version}`);
  const trainTasks = generateTasks({ seed: 7 + SEED, count: TRAIN_PROMPTS, split: 'train' });
  const heldoutTasks = FAMILIES.flatMap((family) => generateTasks({ seed: EVAL_SEED, count: PER_FAMILY, split: 'heldout', families: [family] }));
  let t0 = performance.now();
  const [trainSamples, heldoutSamples] = [await sampleAll(trainTasks), await sampleAll(heldoutTasks)];
  console.log(`sampling: ${trainSamples.length + heldoutSamples.length} samples in ${((performance.now() - t0) / 1000).toFixed(0)} s`);

  // 2. labels: a noisy simulated annotator on train pairs, the oracle on held-out ones
  const annotator = createSimulatedAnnotator({ seed: SEED + 1, noise: NOISE });
  const rng = createRng(SEED + 2);
  const trainQueue = queuePairs(trainTasks, trainSamples);
  const train: PreferencePair[] = [];
  let agree = 0;
  for (const q of trainQueue) {
    const swap = rng.bool(0.5); // shown order
    const j = annotator.judgeScores(swap ? { left: q.scoreB, right: q.scoreA } : { left: q.scoreA, right: q.scoreB });
    if (j.pick !== 'left' && j.pick !== 'right') continue;
    const aWins = (j.pick === 'left') !== swap;
    train.push(pairOf(q, aWins, j.strength));
    if (aWins === q.scoreA > q.scoreB) agree++;
  }
  const heldout = queuePairs(heldoutTasks, heldoutSamples).flatMap((q) => (Math.abs(q.scoreA - q.scoreB) < TIE ? [] : [pairOf(q, q.scoreA > q.scoreB, 3)]));
  const share = (f: (p: PreferencePair) => boolean) => pct(heldout.filter(f).length / Math.max(1, heldout.length));
  const lengths = `the longer answer wins ${share((p) => p.chosen.length > p.rejected.length)}, the shorter ${share((p) => p.chosen.length < p.rejected.length)}`;
  console.log(
    `pairs: ${trainQueue.length} train prompts with two different samples → ${train.length} decisive labels (agree with the oracle: ${pct(agree / Math.max(1, train.length))}); ` +
      `${heldout.length} held-out pairs the oracle separates (${lengths})`,
  );

  // 3. one reward model per count, two at a time
  const dir = mkdtempSync(join(os.tmpdir(), 'prefloop-rm-curve-'));
  const counts = [...new Set(COUNTS.map((c) => (c === 'all' ? train.length : Math.min(train.length, Number(c)))))].sort((a, b) => a - b);
  const results: { count: number; r: RmTaskResult; seconds: number }[] = [];
  try {
    for (let i = 0; i < counts.length; i += 2) {
      t0 = performance.now();
      const batch = await Promise.all(
        counts.slice(i, i + 2).map(async (count) => {
          const input: RmTaskInput = {
            init: { policyDir: CHECKPOINT },
            outDir: join(dir, `rm-${count}`),
            train: train.slice(0, count),
            eval: heldout,
            reference: [],
            config: { epochs: EPOCHS, ensemble: ENSEMBLE },
          };
          const r = await runInWorker<RmTaskInput, RmTaskResult>(RM_TASK, input);
          return { count, r, seconds: (performance.now() - t0) / 1000 };
        }),
      );
      for (const b of batch) console.log(`  ${b.count} labels: held-out accuracy vs the oracle ${pct(b.r.valAccuracy ?? Number.NaN)} (${b.r.steps} steps, ${b.seconds.toFixed(0)} s)`);
      results.push(...batch);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const se = 0.5 / Math.sqrt(heldout.length);
  console.log(`\n| labels (decisive) | held-out accuracy vs the oracle (${heldout.length} pairs, ± ${pct(se)} for a coin) | train loss | steps | time |`);
  console.log('|---|---|---|---|---|');
  for (const { count, r, seconds } of results) console.log(`| ${count} | ${pct(r.valAccuracy ?? Number.NaN)} | ${r.trainLoss.toFixed(3)} | ${r.steps} | ${seconds.toFixed(0)} s |`);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
