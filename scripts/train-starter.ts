// Trains the shipped starter policy: next-token pretraining on the task world's corpus mixed with real English
// (WordNet glosses), then SFT on correct answers (response-only loss), then greedy evaluation on held-out tasks.
// Data-parallel over `--workers` worker threads (one core each).
//   npm run train:starter [-- --minutes 100 --workers 2 --preset starter --out models/starter --seed 0]
//   npm run train:starter -- --quick            1-minute smoke run, written to a temp folder
//   … --pretrain-steps N --sft-steps M          exact step counts (skip the timing calibration; reproduces a run)
//   … --init DIR --pretrain-steps 0 --sft-steps M [--sft-lr X]   a further SFT stage on a trained checkpoint
//   … --family-weights add=3,sort_numbers=3     more SFT examples of the families the model gets wrong
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { initBackend } from '../server/ml/backend';
import { evaluateOnTasks } from '../server/ml/generation/evaluate-tasks';
import { loadCheckpoint, saveCheckpoint } from '../server/ml/model/checkpoint';
import { countParams, type GPTConfig, PRESETS, type PresetName } from '../server/ml/model/config';
import { GPT } from '../server/ml/model/gpt';
import { charTokenizer } from '../server/ml/model/tokenizer';
import { packDocuments } from '../server/ml/pretrain/pretrain';
import { sftConfig, type SftConfig } from '../server/ml/sft/config';
import { encodeSftExamples, trainOnRows } from '../server/ml/sft/sft';
import { SftTrainer, type StepMetrics } from '../server/ml/sft/trainer';
import { FAMILIES, generateTasks } from '../server/ml/tasks/index';
import { pretrainCorpus, starterSftExamples } from '../server/ml/tasks/starter-data';
import type { TokenRow } from '../server/ml/train/batch';
import { DataParallelTrainer } from '../server/ml/train/data-parallel';
import { batchStream } from '../server/ml/train/batch-stream';

const { values: flags } = parseArgs({
  options: {
    minutes: { type: 'string', default: '100' },
    workers: { type: 'string', default: String(Math.min(2, os.cpus().length)) },
    preset: { type: 'string', default: 'starter' },
    out: { type: 'string' },
    seed: { type: 'string', default: '0' },
    quick: { type: 'boolean', default: false },
    'pretrain-steps': { type: 'string' },
    init: { type: 'string' }, // continue from this checkpoint (e.g. more SFT with --pretrain-steps 0)
    'sft-lr': { type: 'string' },
    'sft-steps': { type: 'string' },
    'family-weights': { type: 'string' }, // SFT examples per family per cycle, e.g. add=3,reverse_word=3 (others 1)
  },
});

// The recipe. Time is split between the phases; step counts follow from measured step times.
const quick = flags.quick;
const seed = Number(flags.seed);
const minutes = quick ? 1 : Number(flags.minutes);
const preset = flags.preset as PresetName;
const out = path.resolve(flags.out ?? (quick ? path.join(os.tmpdir(), 'prefloop-starter-quick') : 'models/starter'));
const workers = Number(flags.workers);
const PRETRAIN_SHARE = 0.45; // of the training time (what is left after data, calibration and the eval reserve)
const EVAL_RESERVE_S = quick ? 10 : 120; // held-out evaluation + saving
const PRETRAIN: Partial<SftConfig> = { lr: 3e-3, batchSize: 16, warmupSteps: 50, minLrRatio: 0.1, evalEvery: 0, seed };
const SFT: Partial<SftConfig> = { lr: flags['sft-lr'] ? Number(flags['sft-lr']) : 1e-3, batchSize: 32, warmupSteps: 20, minLrRatio: 0.1, evalEvery: 0, seed };
const ENGLISH_SHARE = 0.3; // of the pretraining documents: WordNet glosses and examples
const SFT_ERROR_RATE = 0; // correct answers only
const SEQ_LEN = 128; // pretraining window
const SFT_MAX_LEN = 192; // longest rendered example is ~180 chars
const FAMILY_WEIGHTS = flags['family-weights'] ? parseFamilyWeights(flags['family-weights']) : undefined;
const EVAL_PER_FAMILY = quick ? 2 : 20;
const DATA = quick
  ? { documents: 400, sftExamples: 400, sftEval: 32, pretrainEvalDocs: 20 }
  : { documents: 60_000, sftExamples: 80_000, sftEval: 256, pretrainEvalDocs: 200 };

if (!(preset in PRESETS)) throw new Error(`unknown preset "${preset}" (${Object.keys(PRESETS).join(', ')})`);
if (!(minutes > 0)) throw new Error('--minutes must be > 0');
if (!(Number.isInteger(workers) && workers >= 1)) throw new Error('--workers must be a positive integer');

function parseFamilyWeights(text: string): Record<string, number> {
  return Object.fromEntries(
    text.split(',').map((pair) => {
      const [family, weight] = pair.split('=');
      if (!family || weight === undefined) throw new Error(`--family-weights: expected family=N, got "${pair}"`);
      return [family.trim(), Number(weight)];
    }),
  );
}

/** Seconds per step on `rows`-like batches, measured on a throw-away model (1 warm-up + `timed` steps). */
async function secondsPerStep(cfg: GPTConfig, rows: TokenRow[], train: Partial<SftConfig>, maxLen: number, timed: number): Promise<number> {
  const batches = batchStream(rows, train.batchSize ?? 16, 1, (r) => r.tokens.length);
  const next = () => batches.next().value as TokenRow[];
  if (workers > 1) {
    const dp = await DataParallelTrainer.create({ workers, config: cfg, seed: 1, optimizer: { lr: 1e-4, totalSteps: 100 }, padId: 0, maxLen });
    await dp.trainStep(next());
    const t0 = performance.now();
    for (let i = 0; i < timed; i++) await dp.trainStep(next());
    await dp.close();
    return (performance.now() - t0) / 1000 / timed;
  }
  const model = new GPT(cfg, { seed: 1 });
  const trainer = new SftTrainer(model, 0, sftConfig({ ...train, maxLen }), 100);
  trainer.trainStep(next());
  const t0 = performance.now();
  for (let i = 0; i < timed; i++) trainer.trainStep(next());
  trainer.dispose();
  model.dispose();
  return (performance.now() - t0) / 1000 / timed;
}

function progressBar(phase: string, total: number) {
  const bar = new cliProgress.SingleBar(
    { format: `${phase.padEnd(8)} |{bar}| {value}/{total} | loss {loss} | {tps} tok/s | eta {eta_formatted}`, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { loss: '-', tps: '-' });
  let tps = 0; // smoothed over ~10 steps
  return {
    onStep(m: StepMetrics) {
      if (m['loss/train'] === undefined) return; // the extra record of an early stop's eval
      tps = tps === 0 ? m.tokens_per_s : 0.9 * tps + 0.1 * m.tokens_per_s;
      bar.update(m.step, { loss: m['loss/train'].toFixed(3), tps: tps.toFixed(0) });
      // no bar without a terminal (a log file): a plain line every 50 steps
      if (!process.stdout.isTTY && m.step % 50 === 0)
        console.log(`${phase} step ${m.step}/${total} loss ${m['loss/train'].toFixed(3)} ${tps.toFixed(0)} tok/s`);
    },
    stop: () => bar.stop(),
  };
}

async function main() {
  const started = Date.now();
  const budgetS = minutes * 60;
  const backend = await initBackend();
  const cfg: GPTConfig = PRESETS[preset];
  const tok = charTokenizer();
  console.log(`starter: preset ${preset} (${(countParams(cfg) / 1e6).toFixed(2)}M params), budget ${minutes} min, seed ${seed}, backend ${backend}, ${workers} worker(s)`);

  // 1. data
  // a further SFT stage (--pretrain-steps 0) builds no pretraining corpus (60k documents, WordNet read)
  const docs = flags['pretrain-steps'] === '0' && flags['sft-steps'] ? [] : pretrainCorpus({ seed, documents: DATA.documents + DATA.pretrainEvalDocs, english: ENGLISH_SHARE });
  const pretrainRows = packDocuments(tok, docs.slice(DATA.pretrainEvalDocs), SEQ_LEN);
  const pretrainEval = packDocuments(tok, docs.slice(0, DATA.pretrainEvalDocs), SEQ_LEN);
  const examples = starterSftExamples({ seed, count: DATA.sftExamples + DATA.sftEval, errorRate: SFT_ERROR_RATE, familyWeights: FAMILY_WEIGHTS });
  const sftRows = encodeSftExamples(tok, examples.slice(DATA.sftEval), SFT_MAX_LEN);
  const sftEval = encodeSftExamples(tok, examples.slice(0, DATA.sftEval), SFT_MAX_LEN);
  const heldout = generateTasks({ seed: seed + 1000, count: EVAL_PER_FAMILY * FAMILIES.length, split: 'heldout' });

  // 2. step counts: given, or fitted to the time budget from measured step times
  let pretrainSteps = flags['pretrain-steps'] ? Number(flags['pretrain-steps']) : 0;
  const init = flags.init ? await loadCheckpoint(path.resolve(flags.init)) : null;
  let sftSteps = flags['sft-steps'] ? Number(flags['sft-steps']) : 0;
  const calibrated = !flags['pretrain-steps'] || !flags['sft-steps'];
  let pretrainS = 0;
  let sftS = 0;
  if (calibrated) {
    pretrainS = await secondsPerStep(cfg, pretrainRows, PRETRAIN, SEQ_LEN, 3);
    sftS = await secondsPerStep(cfg, sftRows, SFT, SFT_MAX_LEN, 6); // batch lengths vary
    const trainS = Math.max(10, budgetS - (Date.now() - started) / 1000 - EVAL_RESERVE_S);
    pretrainSteps ||= Math.max(2, Math.floor((PRETRAIN_SHARE * trainS) / pretrainS));
    sftSteps ||= Math.max(2, Math.floor(((1 - PRETRAIN_SHARE) * trainS) / sftS));
    console.log(`calibration: pretrain ${pretrainS.toFixed(2)} s/step, sft ${sftS.toFixed(2)} s/step, ${trainS.toFixed(0)} s to train`);
  }
  console.log(`plan: pretrain ${pretrainSteps} steps × ${PRETRAIN.batchSize}×${SEQ_LEN}, sft ${sftSteps} steps × ${SFT.batchSize} examples`);

  const model = init ? init.model : new GPT(cfg, { seed });
  // On a shared machine step times drift from the calibration: a phase stops at its share of the time left
  // (+15 % slack). Given step counts (a reproduction) run to the end.
  const deadline = (share: number) => {
    if (!calibrated) return undefined;
    const leftS = budgetS - (Date.now() - started) / 1000 - EVAL_RESERVE_S;
    return Date.now() + 1.15 * share * leftS * 1000;
  };

  // 3. pretraining: loss on every token
  let bar = progressBar('pretrain', pretrainSteps);
  const skipped = { steps: 0, tokens: 0, seconds: 0, trainLoss: Number.NaN, evalLoss: undefined as number | undefined };
  const pre = pretrainSteps === 0 ? skipped : await trainOnRows({
    model,
    padId: tok.padId,
    train: pretrainRows,
    eval: pretrainEval,
    config: { ...PRETRAIN, steps: pretrainSteps, maxLen: SEQ_LEN },
    deadline: deadline(PRETRAIN_SHARE),
    workers,
    onStep: (m) => bar.onStep(m),
  });
  bar.stop();
  console.log(`pretrain: ${pre.steps} steps, ${pre.tokens} tokens, ${pre.seconds.toFixed(0)} s, loss ${pre.trainLoss.toFixed(3)}, eval ${pre.evalLoss?.toFixed(3)}`);

  // 4. SFT: loss on response tokens only. The machine's speed drifts (other work): re-fit the step count
  // to the time left, scaling the calibrated step time by how far pretraining's actual speed drifted.
  if (calibrated && !flags['sft-steps']) {
    const drift = pre.seconds / pre.steps / pretrainS;
    const leftS = budgetS - (Date.now() - started) / 1000 - EVAL_RESERVE_S;
    sftSteps = Math.max(2, Math.floor(leftS / (sftS * drift)));
    console.log(`re-plan: ${leftS.toFixed(0)} s left, speed ×${(1 / drift).toFixed(2)} of calibration → sft ${sftSteps} steps`);
  }
  bar = progressBar('sft', sftSteps);
  const sft = await trainOnRows({
    model,
    padId: tok.padId,
    train: sftRows,
    eval: sftEval,
    config: { ...SFT, steps: sftSteps, maxLen: SFT_MAX_LEN },
    deadline: deadline(1),
    workers,
    onStep: (m) => bar.onStep(m),
  });
  bar.stop();
  console.log(`sft: ${sft.steps} steps, ${sft.tokens} tokens, ${sft.seconds.toFixed(0)} s, loss ${sft.trainLoss.toFixed(3)}, eval ${sft.evalLoss?.toFixed(3)}`);

  // 5. held-out evaluation (greedy)
  const evalStart = Date.now();
  const evaluation = evaluateOnTasks(model, tok, heldout, { temperature: 0, maxNewTokens: 96 });
  console.log(`held-out (${heldout.length} tasks, greedy, ${((Date.now() - evalStart) / 1000).toFixed(0)} s): mean ${evaluation.mean.toFixed(3)}`);
  for (const f of FAMILIES) console.log(`  ${f.padEnd(16)} ${evaluation.byFamily[f]?.toFixed(3) ?? '-'}`);
  for (const e of evaluation.examples.slice(0, 5)) console.log(`  e.g. ${JSON.stringify(e.prompt)} → ${JSON.stringify(e.response)} (${e.score})`);

  // 6. checkpoint
  const totalMinutes = (Date.now() - started) / 60_000;
  const metrics: Record<string, number> = {
    'loss/pretrain_train': pre.trainLoss,
    'loss/pretrain_eval': pre.evalLoss ?? Number.NaN,
    'loss/sft_train': sft.trainLoss,
    'loss/sft_eval': sft.evalLoss ?? Number.NaN,
    'heldout/mean': evaluation.mean,
    ...Object.fromEntries(Object.entries(evaluation.byFamily).map(([f, v]) => [`heldout/${f}`, v])),
  };
  const parentRecipe = init ? ((init.meta as { recipe?: { reproduce?: string } }).recipe ?? null) : null;
  await saveCheckpoint(out, model, {
    tokenizer: 'char',
    name: 'starter',
    ...(init ? { parent: { dir: flags.init, recipe: parentRecipe ?? null, parent: (init.meta as { parent?: unknown }).parent ?? null } } : {}),
    preset,
    params: countParams(cfg),
    seed,
    recipe: {
      pretrain: { ...PRETRAIN, steps: pretrainSteps, stepsTaken: pre.steps, seqLen: SEQ_LEN, documents: DATA.documents, englishShare: ENGLISH_SHARE },
      sft: { ...SFT, steps: sftSteps, stepsTaken: sft.steps, maxLen: SFT_MAX_LEN, examples: DATA.sftExamples, errorRate: SFT_ERROR_RATE, familyWeights: FAMILY_WEIGHTS ?? null },
      eval: { split: 'heldout', seed: seed + 1000, perFamily: EVAL_PER_FAMILY, temperature: 0, maxNewTokens: 96 },
      // identical weights on the same backend, unless a phase was cut short at its deadline (stepsTaken < steps)
      // a further stage reproduces its parent first (its own command, written to the --init folder)
      reproduce: `${parentRecipe?.reproduce ? `${parentRecipe.reproduce} --out ${flags.init} && ` : ''}npm run train:starter -- --seed ${seed} --preset ${preset} --workers ${workers} --pretrain-steps ${pretrainSteps} --sft-steps ${sftSteps}${flags['sft-lr'] ? ` --sft-lr ${flags['sft-lr']}` : ''}${FAMILY_WEIGHTS ? ` --family-weights ${flags['family-weights']}` : ''}${init ? ` --init ${flags.init}` : ''}${quick ? ' --quick' : ''}`,
    },
    training: {
      backend,
      tokens: pre.tokens + sft.tokens,
      minutes: Number(totalMinutes.toFixed(2)),
      cpus: os.cpus().length,
      workers,
    },
    metrics,
  });
  model.dispose();
  console.log(`wrote ${out} in ${totalMinutes.toFixed(1)} min total`);
}

await main();
