// Position-wise MLP: c_proj(gelu(c_fc(x))), hidden width 4C.
import * as tf from '@tensorflow/tfjs';
import type { GPTConfig } from './config';
import { Linear } from './linear';
import type { MakeWeight } from './params';

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

/** GELU, tanh approximation (GPT-2's "gelu_new"): 0.5 x (1 + tanh(√(2/π) (x + 0.044715 x³))), op by op. */
export function geluOps(x: tf.Tensor): tf.Tensor {
  const inner = tf.mul(tf.add(x, tf.mul(tf.mul(tf.mul(x, x), x), 0.044715)), SQRT_2_OVER_PI);
  return tf.mul(tf.mul(x, 0.5), tf.add(tf.tanh(inner), 1));
}

/**
 * The same GELU as one differentiable step: op by op, a gradient pass keeps all nine [B, T, 4C] intermediates of
 * every layer alive until the backward pass (on the starter, 32 rows × 139 tokens peaked at 3.7 GB of the wasm
 * heap's 4 GB); here only x is kept and the intermediates are freed at once. Gradient, with u = √(2/π)(x + 0.044715x³):
 * d/dx = 0.5 (1 + tanh u) + 0.5 x (1 − tanh² u) √(2/π) (1 + 3·0.044715 x²).
 */
export const gelu = tf.customGrad((x, save) => {
  (save as tf.GradSaveFunc)([x as tf.Tensor]);
  const value = tf.tidy(() => geluOps(x as tf.Tensor));
  const gradFunc = (dy: tf.Tensor, [xs]: tf.Tensor[]) =>
    tf.tidy(() => {
      const x2 = tf.square(xs);
      const t = tf.tanh(tf.mul(tf.mul(xs, tf.add(tf.mul(x2, 0.044715), 1)), SQRT_2_OVER_PI));
      const dtanh = tf.mul(tf.sub(1, tf.square(t)), tf.mul(tf.add(tf.mul(x2, 3 * 0.044715), 1), SQRT_2_OVER_PI));
      return tf.mul(dy, tf.mul(tf.add(tf.add(t, 1), tf.mul(xs, dtanh)), 0.5));
    });
  return { value, gradFunc };
}) as (x: tf.Tensor) => tf.Tensor;

export class MLP {
  readonly cFc: Linear; // C → 4C
  readonly cProj: Linear; // 4C → C

  constructor(name: string, cfg: GPTConfig, make: MakeWeight) {
    this.cFc = new Linear(`${name}.c_fc`, cfg.nEmbd, 4 * cfg.nEmbd, make);
    this.cProj = new Linear(`${name}.c_proj`, 4 * cfg.nEmbd, cfg.nEmbd, make, 0.02 / Math.sqrt(2 * cfg.nLayer));
  }

  apply(x: tf.Tensor3D): tf.Tensor3D {
    const h = gelu(this.cFc.apply(x)); // [B, T, 4C]
    return this.cProj.apply(h) as tf.Tensor3D; // [B, T, C]
  }

  linears(): Linear[] {
    return [this.cFc, this.cProj];
  }
}
