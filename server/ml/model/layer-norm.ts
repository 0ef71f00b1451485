import * as tf from '@tensorflow/tfjs';
import type { MakeWeight } from './params';

/** LayerNorm over the last axis: (x − μ) / √(σ² + eps) · weight + bias. */
export class LayerNorm {
  readonly weight: tf.Variable; // [C]
  readonly bias: tf.Variable; // [C]

  constructor(readonly name: string, C: number, readonly eps: number, make: MakeWeight) {
    this.weight = make(`${name}.weight`, [C], 'ones');
    this.bias = make(`${name}.bias`, [C], 'zeros');
  }

  apply(x: tf.Tensor): tf.Tensor {
    const { mean, variance } = tf.moments(x, -1, true); // [..., 1]
    const xHat = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, this.eps))); // [..., C]
    return tf.add(tf.mul(xHat, this.weight), this.bias); // [..., C]
  }

  weights(): [string, tf.Variable][] {
    return [
      [`${this.name}.weight`, this.weight],
      [`${this.name}.bias`, this.bias],
    ];
  }
}
