// The SFT loop: tokenise with the chat template, then steps of SftTrainer with periodic held-out loss.
import type { Message } from '../model/chat-template';
import { encodeExample } from '../model/chat-template';
import type { Tokenizer } from '../model/tokenizer';
import * as tf from '@tensorflow/tfjs';
import { currentBackend } from '../backend';
import type { TokenRow } from '../train/batch';
import { DataParallelTrainer } from '../train/data-parallel';
import { batchStream } from '../train/batch-stream';
import { type SftConfig, sftConfig, totalSteps } from './config';
import { type StepMetrics, SftTrainer, type TrainableModel } from './trainer';

export interface SftExample {
  prompt: string | Message[];
  response: string;
}

export interface TrainRunOptions {
  model: TrainableModel;
  padId: number;
  train: TokenRow[];
  eval?: TokenRow[]; // held-out rows for `loss/eval`
  config?: Partial<SftConfig>;
  onStep?: (metrics: StepMetrics) => void;
  signal?: AbortSignal; // checked between steps; aborting throws an AbortError
  deadline?: number; // Date.now() after which training stops early (a time budget on a shared machine)
  workers?: number; // > 1: data-parallel over that many worker threads (cores) [1]
}

/** What the loop needs from a trainer: SftTrainer on this thread, or DataParallelTrainer over workers. */
interface Stepper {
  trainStep(rows: TokenRow[]): StepMetrics | Promise<StepMetrics>;
  evalLoss(rows: TokenRow[]): number | Promise<number>;
}

/** Replicas in worker threads start from the model's weights; the trained weights are copied back at the end. */
async function dataParallel(opts: TrainRunOptions, cfg: SftConfig, steps: number) {
  const model = opts.model;
  if (!model.namedWeights || !model.config) throw new Error('data-parallel training needs a GPT (namedWeights, config)');
  if (cfg.lora) throw new Error('data-parallel training does not support LoRA yet');
  const named = model.namedWeights();
  const trainer = await DataParallelTrainer.create({
    workers: opts.workers ?? 1,
    config: model.config,
    weights: new Map([...named].map(([k, v]) => [k, v.dataSync() as Float32Array])),
    optimizer: { lr: cfg.lr, totalSteps: steps, warmupSteps: cfg.warmupSteps, schedule: cfg.schedule, minLrRatio: cfg.minLrRatio, maxGradNorm: cfg.maxGradNorm },
    padId: opts.padId,
    maxLen: cfg.maxLen,
    backend: currentBackend(),
  });
  return {
    stepper: { trainStep: (rows: TokenRow[]) => trainer.trainStep(rows), evalLoss: (rows: TokenRow[]) => trainer.evalLoss(rows, cfg.batchSize) },
    async finish() {
      try {
        const trained = await trainer.weights();
        for (const [name, v] of named) v.assign(tf.tensor(trained.get(name) as Float32Array, v.shape, 'float32'));
      } finally {
        await trainer.close();
      }
    },
    close: () => trainer.close(),
  };
}

export interface TrainResult {
  steps: number; // steps taken (fewer than planned when the deadline hit)
  tokens: number; // real (non-pad) tokens trained on
  seconds: number;
  trainLoss: number; // mean of the last 10 steps' losses
  evalLoss?: number; // at the end
  metrics: StepMetrics[]; // one record per step, as given to onStep
}

function abortError(): Error {
  const err = new Error('training aborted');
  err.name = 'AbortError';
  return err;
}

/** Trains on already tokenised rows (their lossMask picks the targets). Shared by SFT and pretraining. */
export async function trainOnRows(opts: TrainRunOptions): Promise<TrainResult> {
  const cfg = sftConfig(opts.config);
  const steps = totalSteps(cfg, opts.train.length);
  if (cfg.lora && !opts.model.loraConfig?.()) {
    if (!opts.model.enableLora) throw new Error('config.lora is set but the model has no LoRA support');
    opts.model.enableLora({ ...cfg.lora, seed: cfg.seed }); // freezes the base weights
  }
  const parallel = (opts.workers ?? 1) > 1 ? await dataParallel(opts, cfg, steps) : null;
  const local = parallel ? null : new SftTrainer(opts.model, opts.padId, cfg, steps);
  const trainer: Stepper = parallel ? parallel.stepper : (local as SftTrainer);
  const batches = batchStream(opts.train, cfg.batchSize, cfg.seed, (r) => r.tokens.length);
  const history: StepMetrics[] = [];
  const t0 = performance.now();
  let tokens = 0;
  let evalLoss: number | undefined;
  try {
    for (let s = 1; s <= steps; s++) {
      if (opts.signal?.aborted) throw abortError();
      if (opts.deadline !== undefined && Date.now() > opts.deadline) break;
      const rows = batches.next().value as TokenRow[];
      const m = await trainer.trainStep(rows);
      tokens += rows.reduce((a, r) => a + Math.min(r.tokens.length, cfg.maxLen), 0);
      const evalDue = opts.eval?.length && (s === steps || (cfg.evalEvery > 0 && s % cfg.evalEvery === 0));
      if (evalDue) m['loss/eval'] = evalLoss = await trainer.evalLoss(opts.eval as TokenRow[]);
      history.push(m);
      opts.onStep?.(m);
      await new Promise((r) => setImmediate(r)); // let progress messages and aborts through
    }
    if (opts.eval?.length && history.length > 0 && history.length < steps) {
      // stopped at the deadline: still report where it got to
      evalLoss = await trainer.evalLoss(opts.eval);
      opts.onStep?.({ step: history.length, 'loss/eval': evalLoss });
    }
    await parallel?.finish();
  } finally {
    local?.dispose();
    if (parallel) await parallel.close(); // idempotent after finish
  }
  const last = history.slice(-10);
  return {
    steps: history.length,
    tokens,
    seconds: (performance.now() - t0) / 1000,
    trainLoss: last.reduce((a, m) => a + m['loss/train'], 0) / last.length,
    evalLoss,
    metrics: history,
  };
}

/** Response tokens (and the EOS after them) are the only targets; the prompt is context. */
export function encodeSftExamples(tok: Tokenizer, examples: SftExample[], maxLen: number): TokenRow[] {
  return examples.map((ex) => {
    const { tokens, responseMask } = encodeExample(tok, ex.prompt, ex.response, maxLen);
    return { tokens, lossMask: responseMask };
  });
}

export interface SftRunOptions extends Omit<TrainRunOptions, 'padId' | 'train' | 'eval'> {
  tokenizer: Tokenizer;
  train: SftExample[];
  eval?: SftExample[];
}

/** Supervised fine-tuning on (prompt, response) pairs with the loss on response tokens only. */
export async function trainSft(opts: SftRunOptions): Promise<TrainResult> {
  const { maxLen } = sftConfig(opts.config);
  return trainOnRows({
    ...opts,
    padId: opts.tokenizer.padId,
    train: encodeSftExamples(opts.tokenizer, opts.train, maxLen),
    eval: opts.eval && encodeSftExamples(opts.tokenizer, opts.eval, maxLen),
  });
}
