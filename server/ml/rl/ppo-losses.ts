// PPO's clipped losses (DESIGN.md §4 "PPO"; Schulman et al. 2017), as the math, over per-token tensors [B, T-1]
// and a response mask. Each returns the scalar loss and its diagnostics (tensors, inside the caller's tidy).
import * as tf from '@tensorflow/tfjs';
import { maskedMean } from './math';

export type SurrogateTerms = {
  loss: tf.Scalar; // masked mean of max(−A·ρ, −A·clip(ρ, 1 − ε, 1 + ε))
  clipfrac: tf.Scalar; // share of tokens where the clipped term is the larger: masked mean of [−A·clip(ρ) > −A·ρ]
  approxkl: tf.Scalar; // ½ masked mean of (log π − log π_old)²
  ratio: tf.Scalar; // masked mean of ρ = exp(log π − log π_old)
};

export function clippedSurrogate(logp: tf.Tensor, oldLogp: tf.Tensor, adv: tf.Tensor, mask: tf.Tensor, eps: number): SurrogateTerms {
  const diff = tf.sub(logp, oldLogp); // [B, T-1]
  const ratio = tf.exp(diff);
  const unclipped = tf.neg(tf.mul(adv, ratio));
  const clipped = tf.neg(tf.mul(adv, tf.clipByValue(ratio, 1 - eps, 1 + eps)));
  return {
    loss: maskedMean(tf.maximum(unclipped, clipped), mask) as tf.Scalar,
    clipfrac: maskedMean(tf.cast(tf.greater(clipped, unclipped), 'float32'), mask) as tf.Scalar,
    approxkl: tf.mul(0.5, maskedMean(tf.square(diff), mask)) as tf.Scalar,
    ratio: maskedMean(ratio, mask) as tf.Scalar,
  };
}

export type ValueTerms = {
  loss: tf.Scalar; // ½ masked mean of max((V − R)², (clip(V, V_old ± c) − R)²)
  clipfrac: tf.Scalar; // share of tokens where the clipped error is the larger
};

export function clippedValueLoss(values: tf.Tensor, oldValues: tf.Tensor, returns: tf.Tensor, mask: tf.Tensor, clip: number): ValueTerms {
  const vClipped = tf.add(oldValues, tf.clipByValue(tf.sub(values, oldValues), -clip, clip)); // [B, T-1]
  const err = tf.square(tf.sub(values, returns));
  const errClipped = tf.square(tf.sub(vClipped, returns));
  return {
    loss: tf.mul(0.5, maskedMean(tf.maximum(err, errClipped), mask)) as tf.Scalar,
    clipfrac: maskedMean(tf.cast(tf.greater(errClipped, err), 'float32'), mask) as tf.Scalar,
  };
}
