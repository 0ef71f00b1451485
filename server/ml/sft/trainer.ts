// One optimizer step of next-token training on padded batches; the loss counts only masked-in targets
// (response tokens + EOS for SFT, every real token for pretraining).
import * as tf from '@tensorflow/tfjs';
import { type PaddedBatch, padBatch, type TokenRow } from '../train/batch';
import { clipByGlobalNorm } from '../train/clip';
import { nextTokenLoss, nextTokenNll } from '../train/loss';
import { type LrSchedule, makeSchedule } from '../train/schedule';
import type { SftConfig } from './config';

/** What training needs from a model; GPT satisfies it. */
export interface TrainableModel {
  forward(tokens: tf.Tensor2D, opts?: { attentionMask?: tf.Tensor2D }): tf.Tensor3D; // [B, T] → [B, T, V]
  trainableVariables(): tf.Variable[]; // only the LoRA adapters while LoRA is on
  enableLora?(opts: { rank: number; alpha: number; seed?: number }): void;
  loraConfig?(): { rank: number; alpha: number } | null;
}

/** Flat, namespaced metrics of one step: `loss/train`, `lr`, `grad_norm`, `tokens_per_s`, `loss/eval`, … */
export type StepMetrics = Record<string, number>;

// Adam moments as in nanoGPT: β2 = 0.95 copes better with the small, noisy batches trained here.
const BETA1 = 0.9;
const BETA2 = 0.95;

export class SftTrainer {
  step = 0; // optimizer steps taken
  private readonly optimizer: tf.AdamOptimizer;
  private readonly lrAt: LrSchedule;
  private readonly vars: tf.Variable[];

  constructor(
    private readonly model: TrainableModel,
    private readonly padId: number,
    readonly config: SftConfig,
    readonly totalSteps: number,
  ) {
    this.vars = model.trainableVariables();
    if (this.vars.length === 0) throw new Error('model has no trainable variables');
    this.optimizer = tf.train.adam(config.lr, BETA1, BETA2);
    this.lrAt = makeSchedule(config.schedule, {
      peakLr: config.lr,
      totalSteps,
      warmupSteps: config.warmupSteps ?? Math.round(0.05 * totalSteps),
      minLr: config.minLrRatio * config.lr,
    });
  }

  /** Mean next-token cross-entropy over the batch's masked-in targets: a scalar. */
  private loss(batch: PaddedBatch): tf.Scalar {
    // Rows are right-padded and attention is causal, so padding never reaches a real position:
    // no attention mask needed.
    const logits = this.model.forward(batch.tokens); // [B, T, V]
    return nextTokenLoss(logits, batch.tokens, batch.responseMask);
  }

  /** Forward, backward, clip, Adam update. A non-finite gradient norm skips the update. */
  trainStep(rows: TokenRow[]): StepMetrics {
    const t0 = performance.now();
    const lr = this.lrAt(this.step);
    const batch = padBatch(rows, this.padId, this.config.maxLen);
    const { value, grads } = tf.variableGrads(() => tf.tidy(() => this.loss(batch)), this.vars);
    const clipped = clipByGlobalNorm(grads, this.config.maxGradNorm);
    // tfjs reads the (protected) learningRate at every applyGradients: that is how the schedule is applied
    (this.optimizer as unknown as { learningRate: number }).learningRate = lr;
    if (Number.isFinite(clipped.norm)) this.optimizer.applyGradients(clipped.grads as Record<string, tf.Variable>);
    const loss = value.dataSync()[0];
    tf.dispose([value, grads, clipped.grads, batch.tokens, batch.attentionMask, batch.responseMask]);
    this.step++;
    const tokens = batch.lengths.reduce((a, b) => a + b, 0);
    const seconds = (performance.now() - t0) / 1000;
    return { step: this.step, 'loss/train': loss, lr, grad_norm: clipped.norm, tokens_per_s: tokens / seconds };
  }

  /** Token-weighted mean loss over `rows` (no gradients). */
  evalLoss(rows: TokenRow[]): number {
    let nllSum = 0;
    let count = 0;
    for (let i = 0; i < rows.length; i += this.config.batchSize) {
      const batch = padBatch(rows.slice(i, i + this.config.batchSize), this.padId, this.config.maxLen);
      const [s, n] = tf.tidy(() => {
        const [B, T] = batch.responseMask.shape;
        const mask = batch.responseMask.slice([0, 1], [B, T - 1]); // [B, T-1]
        const nll = nextTokenNll(this.model.forward(batch.tokens), batch.tokens); // [B, T-1]
        return [tf.sum(tf.mul(nll, mask)), tf.sum(mask)];
      });
      nllSum += s.dataSync()[0];
      count += n.dataSync()[0];
      tf.dispose([s, n, batch.tokens, batch.attentionMask, batch.responseMask]);
    }
    return count > 0 ? nllSum / count : Number.NaN;
  }

  /** Frees Adam's moment slots. The model is the caller's. */
  dispose(): void {
    this.optimizer.dispose();
  }
}
