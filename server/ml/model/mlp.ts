// Position-wise MLP: c_proj(gelu(c_fc(x))), hidden width 4C.
import * as tf from '@tensorflow/tfjs';
import type { GPTConfig } from './config';
import { Linear } from './linear';
import type { MakeWeight } from './params';

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

/** GELU, tanh approximation (GPT-2's "gelu_new"): 0.5 x (1 + tanh(√(2/π) (x + 0.044715 x³))). */
export function gelu(x: tf.Tensor): tf.Tensor {
  const inner = tf.mul(tf.add(x, tf.mul(tf.mul(tf.mul(x, x), x), 0.044715)), SQRT_2_OVER_PI);
  return tf.mul(tf.mul(x, 0.5), tf.add(tf.tanh(inner), 1));
}

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
