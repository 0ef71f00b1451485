// bench:loop — does the policy get better from labels, round after round? Figures are printed, never asserted.
//   npm run bench:loop [-- --rounds 3] [--labels 500] [--noise 0.25] [--cross 100] [--prompts-per-label 1.6] [--steps 20] [--lr 3e-5]
//                      [--rm-epochs 3] [--rm-ensemble 1] [--kl 0.05] [--epochs 4] [--prompts-per-step 64] [--verifier-weight 0] [--prompts 3000] [--per-family 20] [--seed 0]
//                      [--checkpoint models/starter] [--keep DIR] [--json out.json] [--compare] [--overlap] [--sampled 4] [--queue 260]
//                      [--rm-gate-min 0.5] [--rm-gate-z 1] (--rm-gate-z 0 --rm-gate-min 0: PPO on any reward model, as before the gate)
//                      [--algorithm ppo|trpo|dpo|best_of_n]
// From the starter, through a running server (in this process, on 127.0.0.1, a temp SQLite file):
//   round 0: a loop job with no policy update fills the queue with the starter's pairs (K = 4, most different two);
//   round r: simulated annotators (3, flip noise --noise) label --labels pairs over socket.io; a loop job trains a
//   reward model on every label so far, runs PPO from the active policy with it (reward = RM score only, unless
//   --verifier-weight), activates the new version and queues its pairs (--cross of them new-vs-previous).
// After each round, measured here with the task world's verifier (the oracle, which the loop never sees): held-out
// greedy mean score, win rate vs the starter (greedy answers per held-out task, ties ½), and KL to the starter
// (Σ_t log π − log π_starter over T=0.7 samples of the new policy). Wall time split label / RM / policy / pairs.
// --sampled n (0 = off): also n samples per held-out task at T=1 (what annotators see), each against the starter's
// sample drawn with the same seed, ties ½ — greedy answers stay the headline, the stricter test.
// --queue n (0 = off): also greedy answers on n of the stored train prompts, those the loop trains on and queues
// pairs for, against the starter's: does the loop improve the prompts it serves, even where held-out ones do not move?
// --algorithm: the loop's policy update (default ppo; dpo trains on the labels so far, the reward model then only
// orders new pairs; trpo and best_of_n are configured as in --compare).
// --compare: after round 1, the other algorithms run as their own jobs from the starter on the same labels and the
// same reward model (TRPO and best-of-n with it, DPO on the labels, RLOO on the verifier for reference), each
// judged like the loop's PPO (on --queue prompts too); one table at the end.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROUTES } from '../shared/contract';
import type { CreatedToken } from '../shared/schemas/auth';
import type { Job } from '../shared/schemas/jobs';
import { followJob, jobsClient } from '../server/jobs/remote';
import { runInWorker } from '../server/jobs/run-in-worker';
import { initBackend } from '../server/ml/backend';
import { FAMILIES, generateTasks } from '../server/ml/tasks/index';
import type { TaskInstance } from '../server/ml/tasks/types';
import { SimHttp } from '../server/sim/http';
import { simulateAnnotators } from '../server/sim/annotators';
import { startServer } from '../server/start';
import { ceilingText, type Verdict, verdictText, winRateCeilings } from './support/heldout-eval';
import type { JudgeInput, Judged, StarterScores } from './support/judge-task';
import type { Store } from '../server/store';

const args = process.argv.slice(2);
const opt = (name: string, fallback: string) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : fallback);
const num = (name: string, fallback: number) => Number(opt(name, String(fallback)));

const ROUNDS = num('rounds', 3);
const LABELS = num('labels', 500);
const NOISE = num('noise', 0.25);
const CROSS = num('cross', 100);
// a prompt gives no same-version pair when its K samples are identical (about a third of the starter's): ask for
// more prompts than labels so that a round has --labels pairs to label (the rest wait in the queue)
const PROMPTS_PER_LABEL = num('prompts-per-label', 1.6);
const samePrompts = (labels: number) => Math.ceil(labels * PROMPTS_PER_LABEL);
const SEED = num('seed', 0);
const CHECKPOINT = resolve(opt('checkpoint', 'models/starter'));
const PER_FAMILY = num('per-family', 20);
const EVAL_SEED = 1000; // the starter recipe's held-out evaluation seed (as bench:rlvr)
const MAX_NEW_TOKENS = 96;
const SAMPLED = num('sampled', 4);
const QUEUE = num('queue', 260);
const ADMIN_PASSWORD = 'bench-loop-admin-password';
// a few hundred noisy pairs per round: one epoch underfits; --rm-ensemble K > 1 also orders new pairs by uncertainty
const rmConfig = { epochs: num('rm-epochs', 3), ensemble: num('rm-ensemble', 1) };
// the loop's gate: PPO on the reward model only if its held-out accuracy is z coin standard errors above the minimum
const rmGate = { minAccuracy: num('rm-gate-min', 0.5), z: num('rm-gate-z', 1) };
const policyConfig = {
  steps: num('steps', 20),
  lr: num('lr', 3e-5),
  klCoef: num('kl', 0.05),
  epochs: num('epochs', 4),
  promptsPerStep: num('prompts-per-step', 64),
  rmWeight: 1,
  verifierWeight: num('verifier-weight', 0),
  maxNewTokens: MAX_NEW_TOKENS,
  seed: SEED,
  overlap: args.includes('--overlap'), // PPO's rollouts on a second worker thread during training (RolloutConfig.overlap)
};

type LoopAlgorithm = 'ppo' | 'trpo' | 'dpo' | 'best_of_n';
/** Each algorithm's job config (and its name in tables); TRPO's step costs ~10 PPO steps here (11 Fisher-vector products): a third of PPO's step count. */
const ALGORITHMS: Record<LoopAlgorithm, [string, Record<string, unknown>]> = {
  ppo: [`ppo (${policyConfig.steps} steps)`, policyConfig],
  trpo: [
    `trpo (${Math.ceil(policyConfig.steps / 3)} steps)`,
    { steps: Math.ceil(policyConfig.steps / 3), promptsPerStep: policyConfig.promptsPerStep, klCoef: policyConfig.klCoef, maxNewTokens: MAX_NEW_TOKENS, verifierWeight: policyConfig.verifierWeight, seed: SEED },
  ],
  best_of_n: ['best-of-n (n=4, RM)', { maxPrompts: 512, n: 4, maxNewTokens: MAX_NEW_TOKENS, verifierWeight: policyConfig.verifierWeight, seed: SEED }],
  dpo: ['dpo (labels)', { seed: SEED }],
};
const ALGORITHM = opt('algorithm', 'ppo') as LoopAlgorithm;
if (!(ALGORITHM in ALGORITHMS)) throw new Error(`--algorithm must be one of ${Object.keys(ALGORITHMS).join(', ')}`);

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const pct = (x: number) => `${(100 * x).toFixed(1)} %`;

const JUDGE_TASK = fileURLToPath(new URL('./support/judge-task.ts', import.meta.url));

/**
 * The oracle's verdict on a policy checkpoint, computed in a worker (this process hosts the server); the starter's
 * own verdict, once given, is reused instead of generating its answers again every round.
 */
const judgeInWorker = (dir: string, heldout: TaskInstance[], starterScores?: StarterScores, only?: Pick<JudgeInput, 'sampled' | 'kl'>) =>
  runInWorker<JudgeInput, Judged>(JUDGE_TASK, { dir, starterDir: CHECKPOINT, heldout, maxNewTokens: MAX_NEW_TOKENS, seed: EVAL_SEED, sampled: SAMPLED, starterScores, ...only });

/** --queue prompts are judged on greedy answers only: no samples, no KL. */
const GREEDY_ONLY = { sampled: 0, kl: false };

/** Greedy answers on the --queue stored train prompts, against the starter's. */
type QueueVerdict = Verdict & { mean: number };
type ComparisonRow = { algorithm: string; seconds: number; queue: QueueVerdict | null } & Omit<Judged, 'scores'>;

interface RoundRow {
  round: number;
  policyVersion: number | null;
  rmAccuracy: number | null;
  labels: number;
  oracleAgreement: number | null;
  heldoutMean: number;
  winRate: number;
  wins: number;
  ties: number;
  losses: number;
  kl: number;
  sampled: Judged['sampled'];
  queue: QueueVerdict | null;
  seconds: { label: number; rm: number; policy: number; pairs: number; eval: number };
  skipped: string | null;
}

/**
 * The other policy algorithms as their own jobs, each from the starter (re-activated for the run) with the active
 * reward model and the labels so far; the loop's policy is active again afterwards.
 */
async function compareAlgorithms(
  jobs: ReturnType<typeof jobsClient>,
  store: Store,
  starterId: number,
  judgeDir: (dir: string) => Promise<Judged>,
  judgeQueue: (dir: string) => Promise<QueueVerdict | null>,
) {
  const loopPolicy = store.policies.active()!;
  const others = (Object.keys(ALGORITHMS) as LoopAlgorithm[]).filter((a) => a !== ALGORITHM);
  const runs: [string, Job['kind'], Record<string, unknown>][] = [
    ...others.map((a): [string, Job['kind'], Record<string, unknown>] => [ALGORITHMS[a][0], a, ALGORITHMS[a][1]]),
    ['rloo (verifier, RLVR)', 'rloo', { steps: policyConfig.steps, promptsPerStep: 16, maxNewTokens: MAX_NEW_TOKENS, seed: SEED }],
  ];
  const out: ComparisonRow[] = [];
  store.transaction(() => store.policies.activate(starterId));
  try {
    for (const [algorithm, kind, config] of runs) {
      const t0 = performance.now();
      const job = await jobs.create(kind, config);
      const done = await followJob(jobs, job.id, { bar: false });
      const seconds = (performance.now() - t0) / 1000;
      if (done.status !== 'succeeded') {
        console.log(`compare: ${algorithm} ${done.status}: ${done.error}`);
        continue;
      }
      const id = (done.result as { policy: { id: number } }).policy.id;
      const dir = store.db.prepare<[number], string>('SELECT checkpoint_path FROM policies WHERE id = ?').pluck().get(id)!;
      const judged = await judgeDir(dir);
      const queue = await judgeQueue(dir);
      console.log(
        `compare: ${algorithm}: held-out mean ${judged.heldoutMean.toFixed(3)}, win rate ${pct(judged.winRate)}, KL ${judged.kl.toFixed(3)}` +
          `${queue ? `, queue prompts ${queue.mean.toFixed(3)} (${pct(queue.winRate)})` : ''}, ${seconds.toFixed(0)} s`,
      );
      const { scores, ...summary } = judged;
      out.push({ algorithm, ...summary, queue, seconds });
    }
  } finally {
    store.transaction(() => store.policies.activate(loopPolicy.id));
  }
  return out;
}

async function main(): Promise<void> {
  console.log(`bench:loop — ${ROUNDS} rounds × ${LABELS} labels (noise ${NOISE}), RM ${JSON.stringify(rmConfig)}, gate ${JSON.stringify(rmGate)}, ${ALGORITHMS[ALGORITHM][0]} ${JSON.stringify(ALGORITHMS[ALGORITHM][1])}`);
  console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, node ${process.version}`);
  await initBackend();
  const dir = mkdtempSync(join(os.tmpdir(), 'prefloop-bench-loop-'));
  const server = await startServer({ dbPath: join(dir, 'bench.db'), port: 0, host: '127.0.0.1', adminPassword: ADMIN_PASSWORD, quiet: true });
  const url = `http://127.0.0.1:${server.port}`;
  const { store } = server.ctx;
  try {
    // setup: the starter as policy v1, train-split task prompts (held-out tasks are never stored)
    const v1 = store.transaction(() => store.policies.register({ kind: 'builtin', checkpointPath: CHECKPOINT }));
    store.transaction(() => store.policies.activate(v1.id));
    const promptCount = num('prompts', (ROUNDS + 1) * LABELS + 500);
    const pool = generateTasks({ seed: SEED + 17, count: promptCount, split: 'train' }); // every prefix is family-balanced
    for (const t of pool) {
      store.prompts.upsert({ text: t.prompt, source: 'task-world', taskFamily: t.family, verifier: t.verifier });
    }
    store.settings.setRmRetrainEveryLabels(1_000_000); // the loop job trains the reward model, not the schedule
    const adminHttp = await new SimHttp(url).login('admin', ADMIN_PASSWORD);
    const token = (await adminHttp.call<CreatedToken>('POST', ROUTES.adminTokenCreate.path, { label: 'bench:loop' })).body.token;
    const jobs = jobsClient({ url, token });
    const runLoop = async (config: Record<string, unknown>) => {
      const job = await jobs.create('loop', config);
      const done = await followJob(jobs, job.id, { bar: false });
      if (done.status !== 'succeeded') throw new Error(`loop job ${done.id}: ${done.status} ${done.error ?? ''}`);
      return done.result as { rewardModel: { valAccuracy: number | null } | null; policy: { version: number } | null; skipped: string | null; pairs: { same: number; cross: number }; seconds: { rm: number; policy: number; pairs: number } };
    };

    // held-out evaluation of the starter, once
    const heldout = FAMILIES.flatMap((family) => generateTasks({ seed: EVAL_SEED, count: PER_FAMILY, split: 'heldout', families: [family] }));
    const starterVerdict = await judgeInWorker(CHECKPOINT, heldout);
    const starterScores = starterVerdict.scores;
    const starter: StarterScores = { greedy: starterScores, sampled: starterVerdict.sampled?.scores };
    console.log(`starter: held-out greedy mean ${mean(starterScores).toFixed(3)} on ${heldout.length} tasks`);
    const starterSamples = starterVerdict.sampled?.scores; // task-major, SAMPLED per task
    console.log(ceilingText(winRateCeilings(starterScores, starterSamples && heldout.map((_, i) => starterSamples.slice(i * SAMPLED, (i + 1) * SAMPLED))), SAMPLED));
    const queueTasks = pool.slice(0, Math.min(QUEUE, pool.length));
    const starterQueue = queueTasks.length > 0 ? (await judgeInWorker(CHECKPOINT, queueTasks, undefined, GREEDY_ONLY)).scores : [];
    if (queueTasks.length > 0) console.log(`starter: greedy mean ${mean(starterQueue).toFixed(3)} on ${queueTasks.length} of the ${pool.length} stored train prompts`);
    const judgeQueue = async (dir: string): Promise<QueueVerdict | null> => {
      if (queueTasks.length === 0) return null;
      const q = await judgeInWorker(dir, queueTasks, { greedy: starterQueue }, GREEDY_ONLY);
      return { mean: q.heldoutMean, wins: q.wins, ties: q.ties, losses: q.losses, winRate: q.winRate };
    };

    // round 0: the starter's pairs
    let t0 = performance.now();
    const r0 = await runLoop({ updatePolicy: false, pairs: { prompts: samePrompts(LABELS), crossPrompts: 0, maxNewTokens: MAX_NEW_TOKENS, seed: SEED } });
    console.log(`round 0: ${r0.pairs.same} starter pairs queued in ${((performance.now() - t0) / 1000).toFixed(0)} s`);

    const rows: RoundRow[] = [];
    const comparison: ComparisonRow[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      // 1. labels through socket.io
      t0 = performance.now();
      const labelled = await simulateAnnotators({ url, admin: { token }, annotators: 3, labels: LABELS, seed: SEED * 100 + round, choice: { noise: NOISE } });
      const labelS = (performance.now() - t0) / 1000;
      const failed = labelled.annotators.filter((a) => a.stopped === 'errors');
      if (failed.length > 0) console.log(`round ${round}: ${failed.length} annotators stopped on errors: ${[...new Set(failed.flatMap((a) => a.errors))].join(' | ')}`);
      // 2. the loop job: reward model → PPO → activate → new pairs
      const last = round === ROUNDS;
      const result = await runLoop({
        forceRm: true,
        rm: rmConfig,
        rmGate,
        algorithm: ALGORITHM,
        policy: ALGORITHMS[ALGORITHM][1],
        pairs: last ? { prompts: 0, crossPrompts: 0 } : { prompts: samePrompts(LABELS - CROSS), crossPrompts: CROSS, maxNewTokens: MAX_NEW_TOKENS, seed: SEED + round },
      });
      // 3. evaluation with the oracle
      t0 = performance.now();
      const activeDir = store.policies.active()!.checkpointPath!;
      const judged = await judgeInWorker(activeDir, heldout, starter);
      const queue = await judgeQueue(activeDir);
      const row: RoundRow = {
        round,
        policyVersion: result.policy?.version ?? null,
        rmAccuracy: result.rewardModel?.valAccuracy ?? null,
        labels: labelled.submitted,
        oracleAgreement: labelled.oracleAgreement,
        heldoutMean: judged.heldoutMean,
        winRate: judged.winRate,
        wins: judged.wins,
        ties: judged.ties,
        losses: judged.losses,
        kl: judged.kl,
        sampled: judged.sampled,
        queue,
        seconds: { label: labelS, ...result.seconds, eval: (performance.now() - t0) / 1000 },
        skipped: result.skipped,
      };
      const { wins, ties, kl } = judged;
      rows.push(row);
      const s = row.seconds;
      if (round === 1 && args.includes('--compare')) {
        const { scores, ...summary } = judged;
        comparison.push({ algorithm: `${ALGORITHMS[ALGORITHM][0]}, the loop's`, ...summary, queue, seconds: result.seconds.policy });
        comparison.push(...(await compareAlgorithms(jobs, store, v1.id, (dir) => judgeInWorker(dir, heldout, starter), judgeQueue)));
      }
      console.log(
        `round ${round}: policy v${row.policyVersion ?? '-'}${row.skipped ? ` (skipped: ${row.skipped})` : ''} | RM held-out acc ${row.rmAccuracy === null ? 'n/a' : pct(row.rmAccuracy)} | ` +
          `${row.labels} labels (oracle agreement ${row.oracleAgreement === null ? 'n/a' : pct(row.oracleAgreement)}) | held-out mean ${row.heldoutMean.toFixed(3)} | ` +
          `win rate vs starter ${pct(row.winRate)} (${wins}/${ties}/${row.losses}) | KL ${kl.toFixed(3)} | ` +
          (row.sampled ? `sampled T=1: mean ${row.sampled.mean.toFixed(3)} (starter ${row.sampled.starterMean.toFixed(3)}), win rate ${pct(row.sampled.winRate)} | ` : '') +
          (queue ? `queue prompts: mean ${queue.mean.toFixed(3)} (starter ${mean(starterQueue).toFixed(3)}), ${verdictText(queue)} | ` : '') +
          `time label ${s.label.toFixed(0)} s, RM ${s.rm.toFixed(0)} s, policy ${s.policy.toFixed(0)} s, pairs ${s.pairs.toFixed(0)} s, eval ${s.eval.toFixed(0)} s`,
      );
    }
    if (comparison.length > 0) {
      console.log('\nsame labels (round 1), same reward model, from the starter:');
      const queueColumn = queueTasks.length > 0;
      console.log(`| algorithm | held-out mean | win rate vs starter (W/T/L) | KL to starter |${queueColumn ? ' queue prompts, greedy (W/T/L) |' : ''} train time |`);
      console.log(`|---|---|---|---|${queueColumn ? '---|' : ''}---|`);
      for (const c of comparison) {
        const q = c.queue ? ` ${c.queue.mean.toFixed(3)}, ${verdictText(c.queue)} |` : queueColumn ? ' n/a |' : '';
        console.log(`| ${c.algorithm} | ${c.heldoutMean.toFixed(3)} | ${pct(c.winRate)} (${c.wins}/${c.ties}/${c.losses}) | ${c.kl.toFixed(3)} |${q} ${c.seconds.toFixed(0)} s |`);
      }
    }
    const final = rows[rows.length - 1];
    console.log(`final win rate vs starter: ${(100 * final.winRate).toFixed(1)} %`);
    console.log(`verifier gain: ${final.heldoutMean >= mean(starterScores) ? '+' : ''}${(100 * (final.heldoutMean - mean(starterScores))).toFixed(1)} points`);
    if (final.sampled) console.log(`(samples at T=1: win rate vs starter ${pct(final.sampled.winRate)}, mean ${final.sampled.starterMean.toFixed(3)} → ${final.sampled.mean.toFixed(3)})`);
    if (final.queue) {
      console.log(`(queue prompts, greedy: win rate vs starter ${pct(final.queue.winRate)}, mean ${mean(starterQueue).toFixed(3)} → ${final.queue.mean.toFixed(3)}, ${queueTasks.length} of the stored train prompts)`);
    }
    const json = opt('json', '');
    if (json) writeFileSync(json, JSON.stringify({ config: { ROUNDS, LABELS, NOISE, CROSS, algorithm: ALGORITHM, policy: ALGORITHMS[ALGORITHM][1] }, starter: mean(starterScores), starterQueue: mean(starterQueue), rows, comparison }, null, 2));
  } finally {
    await server.close();
    const keep = opt('keep', '');
    if (keep) console.log(`database and checkpoints kept in ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
