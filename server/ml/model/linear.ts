// Affine layer in HF Conv1D layout (weight [in, out]) with an optional LoRA adapter:
//   y = x W + b + (α / r) · (x A) B,   A ~ N(0, σ²) [in, r],  B = 0 [r, out],  W and b frozen while LoRA is on.
import * as tf from '@tensorflow/tfjs';
import { matmul } from './matmul';
import type { MakeWeight } from './params';
import type { Rng } from '../random';

export interface LoraAdapter {
  A: tf.Variable; // [in, r]
  B: tf.Variable; // [r, out]
  rank: number;
  alpha: number;
}

export class Linear {
  readonly weight: tf.Variable; // [in, out]
  readonly bias: tf.Variable; // [out]
  lora: LoraAdapter | null = null;

  constructor(
    readonly name: string,
    readonly inFeatures: number,
    readonly outFeatures: number,
    make: MakeWeight,
    std = 0.02,
  ) {
    this.weight = make(`${name}.weight`, [inFeatures, outFeatures], { std });
    this.bias = make(`${name}.bias`, [outFeatures], 'zeros');
  }

  apply(x: tf.Tensor): tf.Tensor {
    const x2 = tf.reshape(x, [-1, this.inFeatures]); // [N, in]
    let y = tf.add(matmul(x2, this.weight), this.bias); // [N, out]
    if (this.lora) {
      const { A, B, rank, alpha } = this.lora;
      const delta = matmul(matmul(x2, A), B); // [N, out]
      y = tf.add(y, tf.mul(delta, alpha / rank));
    }
    return tf.reshape(y, [...x.shape.slice(0, -1), this.outFeatures]); // [..., out]
  }

  /** Adds a LoRA adapter (B = 0, so the output is unchanged) and freezes W, b. */
  enableLora(rank: number, alpha: number, rng: Rng, std = 1 / Math.sqrt(this.inFeatures)): void {
    if (this.lora) throw new Error(`${this.name}: LoRA already enabled`);
    const a = new Float32Array(this.inFeatures * rank);
    for (let i = 0; i < a.length; i++) a[i] = rng.normal() * std;
    const A = tf.variable(tf.tensor2d(a, [this.inFeatures, rank]));
    const B = tf.variable(tf.zeros([rank, this.outFeatures]));
    this.lora = { A, B, rank, alpha };
    this.weight.trainable = false;
    this.bias.trainable = false;
  }

  /** W ← W + (α/r)·A B; removes the adapter and unfreezes W, b. */
  mergeLora(): void {
    if (!this.lora) return;
    const { A, B, rank, alpha } = this.lora;
    tf.tidy(() => this.weight.assign(tf.add(this.weight, tf.mul(tf.matMul(A, B), alpha / rank))));
    A.dispose();
    B.dispose();
    this.lora = null;
    this.weight.trainable = true;
    this.bias.trainable = true;
  }

  weights(): [string, tf.Variable][] {
    return [
      [`${this.name}.weight`, this.weight],
      [`${this.name}.bias`, this.bias],
    ];
  }

  /** '<name>.lora_A' [in, r] and '<name>.lora_B' [r, out], or nothing when LoRA is off. */
  loraWeights(): [string, tf.Variable][] {
    if (!this.lora) return [];
    return [
      [`${this.name}.lora_A`, this.lora.A],
      [`${this.name}.lora_B`, this.lora.B],
    ];
  }
}
