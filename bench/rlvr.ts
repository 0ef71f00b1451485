// RLVR: does RL with the task-world verifier as reward improve the starter? Figures are printed, never asserted.
//   npm run bench:rlvr [-- --checkpoint models/starter] [--minutes 15] [--per-family 20] [--seed 0] [--out DIR]
//                      [--lr 2e-5] [--k 8] [--prompts 16] [--kl 0.02] [--temperature 1] [--max-new-tokens 64]
//                      [--loss sequence|token_mean] [--advantage rloo|baseline] [--curriculum signal|uniform]
//                      [--overlap] [--sampled 4] [--seen 260] [--eval-every MIN] [--json out.json]
//                      [--rl-split train|heldout]
// --overlap: each step's rollout is sampled on a second worker thread during the previous step's training
// (PgConfig.overlap); the step lines then show how long the trainer waited for its rollout.
// `--minutes` of RLOO on train-split prompts of every family, then held-out greedy verifier scores before/after
// (same tasks), per family, and the win rate of the new policy vs the starting one (greedy answers compared by
// verifier score; ties count ½). Nothing else is loaded or trained before the run starts. --sampled n (0 = off): the
// same for n samples per task at the rollout temperature, each new-policy sample against the starting policy's
// sample drawn with the same seed (what annotators see in the queue; greedy answers are the stricter test).
// --seen n (0 = off): the same greedy judgement on n prompts drawn from those RL trained on (mixed groups), the
// starting policy reloaded from the checkpoint: does RL improve what it practised, and does that carry over?
// --rl-split heldout: RL trains on held-out-split problems (never in the starter's SFT data) other than the evaluated
// ones, instead of train-split problems the starter was fine-tuned on: practice on unseen problems, judged on others.
// --eval-every m: also the held-out greedy judgement after every m minutes of RL (its time is not counted in them).
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { initBackend } from '../server/ml/backend';
import { loadCheckpoint, saveCheckpoint } from '../server/ml/model/checkpoint';
import type { GPT } from '../server/ml/model/gpt';
import type { Tokenizer } from '../server/ml/model/tokenizer';
import { type PgConfig, pgConfig } from '../server/ml/rl/config';
import { createRng } from '../server/ml/random';
import { mean } from '../server/ml/rl/math';
import type { PgPrompt } from '../server/ml/rl/pg';
import { trainPg } from '../server/ml/rl/run';
import { FAMILIES, generateTasks } from '../server/ml/tasks/index';
import { canonicalJson } from '../server/ml/tasks/split';
import type { Split, TaskInstance } from '../server/ml/tasks/types';
import { ceilingText, greedyScores, headToHead, sampledScores, verdictText, winRateCeilings } from './support/heldout-eval';

const args = process.argv.slice(2);
const has = (name: string) => args.includes(`--${name}`);
const opt = (name: string, fallback: string) => (has(name) ? args[args.indexOf(`--${name}`) + 1] : fallback);
const num = (name: string) => (has(name) ? Number(opt(name, '')) : undefined);

const checkpoint = opt('checkpoint', 'models/starter');
const minutes = Number(opt('minutes', '15'));
const perFamily = Number(opt('per-family', '20')); // as the starter recipe's evaluation
const seed = Number(opt('seed', '0'));
const EVAL_SEED = 1000; // the starter recipe's held-out evaluation seed
const SAMPLED = Number(opt('sampled', '4'));
const SEEN = Number(opt('seen', '260'));
const EVAL_EVERY = Number(opt('eval-every', '0'));
const RL_SPLIT = opt('rl-split', 'train') as Split;
if (RL_SPLIT !== 'train' && RL_SPLIT !== 'heldout') throw new Error(`--rl-split must be train or heldout, not '${RL_SPLIT}'`);
const overrides: Partial<PgConfig> = Object.fromEntries(
  Object.entries({
    lr: num('lr'),
    samplesPerPrompt: num('k'),
    promptsPerStep: num('prompts'),
    klCoef: num('kl'),
    temperature: num('temperature'),
    maxNewTokens: num('max-new-tokens'),
    loss: has('loss') ? opt('loss', '') : undefined,
    advantage: has('advantage') ? opt('advantage', '') : undefined,
    curriculum: has('curriculum') ? opt('curriculum', '') : undefined,
    overlap: has('overlap') ? true : undefined,
    seed,
  }).filter(([, v]) => v !== undefined),
);
const config = pgConfig(overrides);

function byFamily(tasks: TaskInstance[], scores: number[]): Record<string, number> {
  const sums: Record<string, [number, number]> = {};
  tasks.forEach((t, i) => {
    const [s, n] = sums[t.family] ?? [0, 0];
    sums[t.family] = [s + scores[i], n + 1];
  });
  return Object.fromEntries(Object.entries(sums).map(([f, [s, n]]) => [f, s / n]));
}

const f3 = (x: number) => x.toFixed(3);

async function main() {
  const backend = await initBackend();
  const { model, tokenizer, meta } = await loadCheckpoint(checkpoint);
  const heldout = generateTasks({ seed: EVAL_SEED, count: perFamily * FAMILIES.length, split: 'heldout' });
  const evaluated = new Set(heldout.map((task) => canonicalJson(task.verifier)));
  const train = generateTasks({ seed: 1 + seed, count: 200 * FAMILIES.length, split: RL_SPLIT }).filter(
    (task) => !evaluated.has(canonicalJson(task.verifier)),
  );
  console.log(`rlvr: ${checkpoint} (${meta.name ?? 'policy'}), backend ${backend}, ${os.cpus().length} cpus`);
  console.log(`config: ${JSON.stringify(config)}`);
  console.log(`RL prompts: ${train.length} from the ${RL_SPLIT} split (none of the evaluated problems)`);

  const prompts: PgPrompt[] = train.map((task) => ({ prompt: task.prompt, verifier: task.verifier }));
  const taskOf = new Map(prompts.map((p, i) => [p, train[i]]));
  const practised = new Set<TaskInstance>(); // the prompts of mixed groups: those RL computed a gradient on

  let t = performance.now();
  const before = greedyScores(model, tokenizer, heldout);
  const sampled = { samples: SAMPLED, temperature: config.temperature, seed: EVAL_SEED };
  const sampledBeforeRows = SAMPLED > 0 ? sampledScores(model, tokenizer, heldout, sampled) : undefined;
  const sampledBefore = sampledBeforeRows?.flat() ?? [];
  const evalBeforeS = (performance.now() - t) / 1000;
  console.log(`held-out before: ${f3(mean(before))} (${heldout.length} tasks, greedy, ${evalBeforeS.toFixed(0)} s)`);
  console.log(ceilingText(winRateCeilings(before, sampledBeforeRows), SAMPLED));

  const start = Date.now();
  let paused = 0; // ms of intermediate evaluations, added to the deadline
  let nextEval = EVAL_EVERY > 0 ? EVAL_EVERY : Number.POSITIVE_INFINITY;
  const curve: { minutes: number; step: number; mean: number; winRate: number }[] = [];
  const run: Parameters<typeof trainPg>[0] = {
    policy: model,
    tokenizer,
    prompts,
    config,
    deadline: start + minutes * 60_000,
    onStep: (m, groups) => {
      for (const g of groups) if (g.mixed && taskOf.has(g.prompt)) practised.add(taskOf.get(g.prompt) as TaskInstance);
      console.log(
        `step ${m.step}: verifier ${f3(m['objective/verifier'])} reward ${f3(m['objective/rlhf_reward'])} kl ${f3(m['objective/kl'])} ` +
          `entropy ${f3(m['objective/entropy'])} nonzero-adv ${f3(m['policy/nonzero_adv_frac'])} loss ${f3(m['loss/policy'])} ` +
          `eos ${f3(m['val/finished_frac'])} len ${m['val/response_len'].toFixed(1)} ` +
          `rollout ${m['time/rollout_s'].toFixed(1)} s (waited ${m['time/rollout_wait_s'].toFixed(1)} s) train ${m['time/train_s'].toFixed(1)} s`,
      );
      const rlMinutes = (Date.now() - start - paused) / 60_000;
      if (rlMinutes >= nextEval && rlMinutes < minutes) {
        const t0 = Date.now();
        const now = greedyScores(model, tokenizer, heldout);
        const v = headToHead(now, before);
        curve.push({ minutes: rlMinutes, step: m.step, mean: mean(now), winRate: v.winRate });
        console.log(`  held-out after ${rlMinutes.toFixed(1)} min (step ${m.step}): ${f3(mean(now))}, ${verdictText(v)}`);
        paused += Date.now() - t0;
        run.deadline = start + minutes * 60_000 + paused; // trainPg reads it before each step
        nextEval += EVAL_EVERY;
      }
    },
  };
  const result = await trainPg(run);

  t = performance.now();
  const after = greedyScores(model, tokenizer, heldout);
  const sampledAfter = SAMPLED > 0 ? sampledScores(model, tokenizer, heldout, sampled).flat() : [];
  const evalAfterS = (performance.now() - t) / 1000;
  const [fb, fa] = [byFamily(heldout, before), byFamily(heldout, after)];
  const { wins, ties, losses, winRate } = headToHead(after, before);
  const sampledVerdict = headToHead(sampledAfter, sampledBefore);

  console.log('\nfamily            before  after');
  for (const f of FAMILIES) console.log(`${f.padEnd(17)} ${f3(fb[f] ?? 0)}   ${f3(fa[f] ?? 0)}`);
  console.log(`\nheld-out mean: ${f3(mean(before))} → ${f3(mean(after))}`);
  console.log(`win rate vs starter: ${(100 * winRate).toFixed(1)} %`);
  console.log(`wins/ties/losses: ${wins}/${ties}/${losses} of ${heldout.length}`);
  if (SAMPLED > 0) {
    console.log(
      `sampled (${SAMPLED} per task, T=${config.temperature}): mean ${f3(mean(sampledBefore))} → ${f3(mean(sampledAfter))}, ` +
        verdictText(sampledVerdict, sampledAfter.length),
    );
  }
  const seen = SEEN > 0 ? await judgeSeen(model, tokenizer, createRng(seed).sample([...practised], Math.min(SEEN, practised.size))) : null;
  if (seen) {
    console.log(
      `practised prompts (${seen.tasks} of ${practised.size} RL trained on, greedy): mean ${f3(seen.before)} → ${f3(seen.after)}, ` +
        verdictText(seen),
    );
  }
  const rlSeconds = result.seconds - paused / 1000; // without the intermediate evaluations
  const other = rlSeconds - result.rolloutWaitSeconds - result.trainSeconds;
  const overlapped = config.overlap ? ` on the second core (the trainer waited ${result.rolloutWaitSeconds.toFixed(0)} s for it)` : '';
  console.log(
    `RL: ${result.steps} steps, ${result.samples} samples in ${rlSeconds.toFixed(0)} s: rollout ${result.rolloutSeconds.toFixed(0)} s${overlapped}, ` +
      `train ${result.trainSeconds.toFixed(0)} s (log-probs, reference, update), other ${other.toFixed(0)} s; ` +
      `${(result.samples / rlSeconds).toFixed(2)} samples/s`,
  );
  console.log(`evaluation: ${evalBeforeS.toFixed(0)} s before, ${evalAfterS.toFixed(0)} s after`);
  console.log(`last 10 steps: ${JSON.stringify(Object.fromEntries(Object.entries(result.final).map(([k, v]) => [k, Number(v.toPrecision(4))])))}`);
  console.log(`family signal (share of mixed groups): ${JSON.stringify(Object.fromEntries(Object.entries(result.familySignal).map(([k, v]) => [k, Number(v.toFixed(2))])))}`);

  if (has('out')) {
    const out = opt('out', '');
    await saveCheckpoint(out, model, { ...meta, tokenizer: tokenizer.name, parent: checkpoint, rloo: { config, steps: result.steps } });
    console.log(`saved ${out}`);
  }
  if (has('json')) {
    const report = {
      checkpoint,
      minutes,
      config,
      before: { mean: mean(before), byFamily: fb, sampledMean: mean(sampledBefore) },
      after: { mean: mean(after), byFamily: fa, sampledMean: mean(sampledAfter) },
      winRate,
      wins,
      ties,
      losses,
      sampled: SAMPLED > 0 ? { samples: SAMPLED, temperature: config.temperature, ...sampledVerdict } : null,
      practised: seen,
      curve,
      run: result,
    };
    writeFileSync(opt('json', ''), `${JSON.stringify(report, null, 2)}\n`);
  }
  model.dispose();
}

/** Greedy scores of the trained policy and of the starting one (reloaded) on prompts RL trained on. */
async function judgeSeen(model: GPT, tokenizer: Tokenizer, tasks: TaskInstance[]) {
  const after = greedyScores(model, tokenizer, tasks);
  const start = await loadCheckpoint(checkpoint);
  const before = greedyScores(start.model, start.tokenizer, tasks);
  start.model.dispose();
  return { tasks: tasks.length, before: mean(before), after: mean(after), ...headToHead(after, before) };
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
