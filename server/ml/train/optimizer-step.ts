// The one training step every trainer uses (SFT, reward model, PPO, DPO, …): gradients of a loss closure over
// given variables, clip by global norm, Adam with the learning-rate schedule. Split into computeGradients and
// applyGradients so that a data-parallel run can average gradients between the two.
import * as tf from '@tensorflow/tfjs';
import { clipByGlobalNorm } from './clip';
import { type LrSchedule, makeSchedule } from './schedule';

export interface OptimizerConfig {
  lr: number; // peak learning rate
  totalSteps: number; // length of the schedule
  warmupSteps?: number; // linear warmup [5 % of totalSteps]
  schedule?: 'cosine' | 'linear'; // decay after warmup [cosine]
  minLrRatio?: number; // final lr = minLrRatio · lr [0.1]
  maxGradNorm?: number; // clip by global norm [1.0]; Infinity = no clipping
  beta1?: number; // Adam β1 [0.9]
  beta2?: number; // Adam β2 [0.95]: nanoGPT's choice, copes better with small noisy batches
}

export interface StepResult {
  loss: number; // the closure's value before the update
  lr: number;
  gradNorm: number; // before clipping
  skipped: boolean; // a non-finite gradient norm skips the update
}

/** Gradients by variable name. Keys are the variables' names, so a map can cross a worker boundary. */
export type Gradients = tf.NamedTensorMap;

export class OptimizerStep {
  step = 0; // updates applied (or skipped)
  private readonly optimizer: tf.AdamOptimizer;
  private readonly lrAt: LrSchedule;
  private readonly maxGradNorm: number;

  constructor(
    readonly variables: tf.Variable[],
    config: OptimizerConfig,
  ) {
    if (variables.length === 0) throw new Error('no trainable variables');
    if (!(config.lr > 0)) throw new Error(`lr must be > 0, got ${config.lr}`);
    this.optimizer = tf.train.adam(config.lr, config.beta1 ?? 0.9, config.beta2 ?? 0.95);
    this.maxGradNorm = config.maxGradNorm ?? 1.0;
    this.lrAt = makeSchedule(config.schedule ?? 'cosine', {
      peakLr: config.lr,
      totalSteps: config.totalSteps,
      warmupSteps: config.warmupSteps ?? Math.round(0.05 * config.totalSteps),
      minLr: (config.minLrRatio ?? 0.1) * config.lr,
    });
  }

  /** Learning rate of the next update. */
  get lr(): number {
    return this.lrAt(this.step);
  }

  /** Value and gradients of `lossFn` (run inside tf.tidy) w.r.t. this step's variables. The caller disposes the grads. */
  computeGradients(lossFn: () => tf.Scalar): { loss: number; grads: Gradients } {
    const { value, grads } = tf.variableGrads(() => tf.tidy(lossFn), this.variables);
    const loss = value.dataSync()[0];
    value.dispose();
    return { loss, grads };
  }

  /** Clip and apply `grads` (not disposed here). */
  applyGradients(grads: Gradients): Omit<StepResult, 'loss'> {
    const lr = this.lrAt(this.step);
    const clipped = clipByGlobalNorm(grads, this.maxGradNorm);
    const skipped = !Number.isFinite(clipped.norm);
    // tfjs reads the (protected) learningRate at every applyGradients: that is how the schedule is applied
    (this.optimizer as unknown as { learningRate: number }).learningRate = lr;
    if (!skipped) this.optimizer.applyGradients(clipped.grads as Record<string, tf.Variable>);
    tf.dispose(clipped.grads);
    this.step++;
    return { lr, gradNorm: clipped.norm, skipped };
  }

  /** Forward, backward, clip, update: one optimizer step on `lossFn`. */
  run(lossFn: () => tf.Scalar): StepResult {
    const { loss, grads } = this.computeGradients(lossFn);
    const applied = this.applyGradients(grads);
    tf.dispose(grads);
    return { loss, ...applied };
  }

  /** Frees Adam's moment slots. The variables are the caller's. */
  dispose(): void {
    this.optimizer.dispose();
  }
}
