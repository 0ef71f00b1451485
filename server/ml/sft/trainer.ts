// One optimizer step of next-token training on padded batches; the loss counts only masked-in targets
// (response tokens + EOS for SFT, every real token for pretraining).
import * as tf from '@tensorflow/tfjs';
import { padBatch, type TokenRow } from '../train/batch';
import { nextTokenLoss, nextTokenNll } from '../train/loss';
import { OptimizerStep } from '../train/optimizer-step';
import type { GPTConfig } from '../model/config';
import type { SftConfig } from './config';

/** What training needs from a model; GPT satisfies it. */
export interface TrainableModel {
  forward(tokens: tf.Tensor2D, opts?: { attentionMask?: tf.Tensor2D }): tf.Tensor3D; // [B, T] → [B, T, V]
  trainableVariables(): tf.Variable[]; // only the LoRA adapters while LoRA is on
  enableLora?(opts: { rank: number; alpha: number; seed?: number }): void;
  loraConfig?(): { rank: number; alpha: number } | null;
  namedWeights?(): Map<string, tf.Variable>; // data-parallel training copies these to its workers
  readonly config?: GPTConfig;
}

/** Flat, namespaced metrics of one step: `loss/train`, `lr`, `grad_norm`, `tokens_per_s`, `loss/eval`, … */
export type StepMetrics = Record<string, number>;

export class SftTrainer {
  private readonly opt: OptimizerStep;

  constructor(
    private readonly model: TrainableModel,
    private readonly padId: number,
    readonly config: SftConfig,
    readonly totalSteps: number,
  ) {
    this.opt = new OptimizerStep(model.trainableVariables(), {
      lr: config.lr,
      totalSteps,
      warmupSteps: config.warmupSteps,
      schedule: config.schedule,
      minLrRatio: config.minLrRatio,
      maxGradNorm: config.maxGradNorm,
    });
  }

  /** Optimizer steps taken. */
  get step(): number {
    return this.opt.step;
  }

  /** Forward, backward, clip, Adam update on the mean next-token loss of the rows' masked-in targets. */
  trainStep(rows: TokenRow[]): StepMetrics {
    const t0 = performance.now();
    const batch = padBatch(rows, this.padId, this.config.maxLen);
    // Rows are right-padded and attention is causal, so padding never reaches a real position:
    // no attention mask needed.
    const r = this.opt.run(() => nextTokenLoss(this.model.forward(batch.tokens), batch.tokens, batch.responseMask));
    tf.dispose([batch.tokens, batch.attentionMask, batch.responseMask]);
    const tokens = batch.lengths.reduce((a, b) => a + b, 0);
    const seconds = (performance.now() - t0) / 1000;
    return { step: this.opt.step, 'loss/train': r.loss, lr: r.lr, grad_norm: r.gradNorm, tokens_per_s: tokens / seconds };
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
    this.opt.dispose();
  }
}
