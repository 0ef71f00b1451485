import * as tf from '@tensorflow/tfjs';

/** Σ x·mask (over `axis`, or everything). */
export function maskedSum(x: tf.Tensor, mask: tf.Tensor, axis?: number | number[]): tf.Tensor {
  return tf.tidy(() => tf.sum(tf.mul(x, mask), axis));
}

/** Σ x·mask / Σ mask (over `axis`, or everything); 0 where the mask is empty. */
export function maskedMean(x: tf.Tensor, mask: tf.Tensor, axis?: number | number[]): tf.Tensor {
  return tf.tidy(() => tf.div(maskedSum(x, mask, axis), tf.maximum(tf.sum(mask, axis), 1e-8)));
}
