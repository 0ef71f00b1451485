// Reward-model training: batches of pairs (chosen and rejected rows in one forward pass), the rank loss, the
// shared OptimizerStep; one flat metrics record per step, held-out metrics every evalEvery steps and at the end.
import * as tf from '@tensorflow/tfjs';
import { padBatch } from '../train/batch';
import { OptimizerStep } from '../train/optimizer-step';
import { batchStream } from '../train/batch-stream';
import { type RmConfig, rmConfig, rmTotalSteps } from './config';
import type { PreferencePair } from './dataset';
import { type EncodedPair, encodePairs, evaluatePairs } from './evaluate';
import { rankLoss } from './loss';
import type { RewardModel } from './model';
import { loadGlove } from '../pretrain/glove';
import { fitWordPrior } from './word-prior';

export type StepMetrics = Record<string, number>;

export interface RmTrainOptions {
  rm: RewardModel;
  train: PreferencePair[];
  eval?: PreferencePair[];
  config?: Partial<RmConfig>;
  onStep?: (metrics: StepMetrics) => void;
  signal?: AbortSignal; // checked between steps; aborting throws an AbortError
  deadline?: number; // Date.now() after which training stops early (a time budget on a shared machine)
}

export interface RmTrainResult {
  steps: number;
  pairs: number; // training pairs seen (steps × batch)
  tokens: number; // real tokens through the trunk (both rows of every pair)
  seconds: number;
  trainLoss: number; // mean of the last 10 steps' losses
  eval: StepMetrics; // held-out metrics at the end ({} without held-out pairs)
  metrics: StepMetrics[]; // one record per step, as given to onStep
}

function abortError(): Error {
  const err = new Error('training aborted');
  err.name = 'AbortError';
  return err;
}

/** One update on a batch of B pairs: rows [chosen₁ … chosen_B, rejected₁ … rejected_B] in one forward pass. */
function trainStep(rm: RewardModel, opt: OptimizerStep, batch: EncodedPair[], maxLen: number): StepMetrics {
  const t0 = performance.now();
  const B = batch.length;
  const K = rm.ensemble;
  const rows = [...batch.map((p) => ({ tokens: p.chosen })), ...batch.map((p) => ({ tokens: p.rejected }))];
  const padded = padBatch(rows, rm.tokenizer.padId, maxLen);
  const margin = tf.tensor2d(batch.map((p) => p.margin), [B, 1]); // [B, 1]
  const offsets = rm.prior ? [...batch.map((p) => p.priorChosen), ...batch.map((p) => p.priorRejected)] : undefined;
  let accuracy = 0;
  const step = opt.run(() => {
    const r = rm.rewards(padded.tokens, padded.lengths, offsets); // [2B, K]
    const rChosen = tf.slice(r, [0, 0], [B, K]); // [B, K]
    const rRejected = tf.slice(r, [B, 0], [B, K]); // [B, K]
    accuracy = tf.mean(tf.cast(tf.greater(tf.mean(tf.sub(rChosen, rRejected), 1), 0), 'float32')).dataSync()[0];
    return rankLoss(rChosen, rRejected, margin);
  });
  tf.dispose([margin, padded.tokens, padded.attentionMask, padded.responseMask]);
  const tokens = padded.lengths.reduce((a, b) => a + b, 0);
  return {
    step: opt.step,
    'loss/train': step.loss,
    'rm/accuracy_train': accuracy,
    lr: step.lr,
    grad_norm: step.gradNorm,
    tokens_per_s: tokens / ((performance.now() - t0) / 1000),
  };
}

export async function trainRewardModel(opts: RmTrainOptions): Promise<RmTrainResult> {
  const cfg = rmConfig(opts.config);
  const { rm } = opts;
  if (opts.train.length === 0) throw new Error('no training pairs');
  const maxLen = Math.min(cfg.maxLen, rm.blockSize);
  rm.maxLen = maxLen; // scoring reads rows the way training did
  // a fresh model with wordPrior on gets its prior first; a model that already has one (continued training) keeps it
  if (cfg.wordPrior && !rm.prior) rm.prior = fitWordPrior(opts.train, loadGlove(), { l2: cfg.wordPriorL2 });
  const train = encodePairs(rm, opts.train, maxLen);
  const heldout = opts.eval ? encodePairs(rm, opts.eval, maxLen) : [];
  const steps = rmTotalSteps(cfg, train.length);
  const opt = new OptimizerStep(rm.trainableVariables(), {
    lr: cfg.lr,
    totalSteps: steps,
    warmupSteps: cfg.warmupSteps,
    schedule: cfg.schedule,
    minLrRatio: cfg.minLrRatio,
    maxGradNorm: cfg.maxGradNorm,
  });
  const batches = batchStream(train, cfg.batchSize, cfg.seed, (p) => Math.max(p.chosen.length, p.rejected.length));
  const history: StepMetrics[] = [];
  const t0 = performance.now();
  let tokens = 0;
  let pairs = 0;
  let evalMetrics: StepMetrics = {};
  try {
    for (let s = 1; s <= steps; s++) {
      if (opts.signal?.aborted) throw abortError();
      if (opts.deadline !== undefined && Date.now() > opts.deadline) break;
      const batch = batches.next().value as EncodedPair[];
      const m = trainStep(rm, opt, batch, maxLen);
      tokens += batch.reduce((a, p) => a + Math.min(p.chosen.length, maxLen) + Math.min(p.rejected.length, maxLen), 0);
      pairs += batch.length;
      const evalDue = heldout.length > 0 && (s === steps || (cfg.evalEvery > 0 && s % cfg.evalEvery === 0));
      if (evalDue) {
        evalMetrics = evaluatePairs(rm, heldout, cfg.evalBatchSize);
        Object.assign(m, evalMetrics);
      }
      history.push(m);
      opts.onStep?.(m);
      await new Promise((r) => setImmediate(r)); // let progress messages and aborts through
    }
    if (heldout.length > 0 && history.length > 0 && history.length < steps) {
      // stopped at the deadline: still report where it got to
      evalMetrics = evaluatePairs(rm, heldout, cfg.evalBatchSize);
      opts.onStep?.({ step: history.length, ...evalMetrics });
    }
  } finally {
    opt.dispose();
  }
  const last = history.slice(-10);
  return {
    steps: history.length,
    pairs,
    tokens,
    seconds: (performance.now() - t0) / 1000,
    trainLoss: last.reduce((a, m) => a + m['loss/train'], 0) / Math.max(1, last.length),
    eval: evalMetrics,
    metrics: history,
  };
}
