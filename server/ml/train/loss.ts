import * as tf from '@tensorflow/tfjs';
import { maskedMean } from './masked';

/**
 * Next-token negative log-likelihood: nll[b, t] = -log softmax(logits[b, t])[tokens[b, t+1]].
 * One-hot rather than gather: the wasm backend has no gradient kernel for gather (UnsortedSegmentSum),
 * and the softmax gradient is dense [B, T, V] anyway.
 */
export function nextTokenNll(logits: tf.Tensor3D, tokens: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const [B, T, V] = logits.shape;
    const pred = logits.slice([0, 0, 0], [B, T - 1, V]); // [B, T-1, V]
    const targets = tokens.slice([0, 1], [B, T - 1]); // [B, T-1]
    const logZ = tf.logSumExp(pred, -1); // [B, T-1]
    const picked = tf.sum(tf.mul(pred, tf.oneHot(targets.toInt(), V)), -1); // [B, T-1]
    return tf.sub(logZ, picked) as tf.Tensor2D;
  });
}

/**
 * Mean next-token cross-entropy over the tokens whose mask is 1: the target at position t+1 counts when
 * mask[t+1] = 1. With the SFT response mask (response tokens and the EOS after them) this is the
 * response-only loss; with the attention mask it is plain language-model pretraining.
 */
export function nextTokenLoss(logits: tf.Tensor3D, tokens: tf.Tensor2D, mask: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => {
    const [B, T] = mask.shape;
    return maskedMean(nextTokenNll(logits, tokens), mask.slice([0, 1], [B, T - 1])) as tf.Scalar;
  });
}
