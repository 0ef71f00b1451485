// The pairwise rank loss of InstructGPT / Llama 2 (with margin), as the math.
import * as tf from '@tensorflow/tfjs';

/**
 * log σ(x) = −softplus(−x). tf.logSigmoid is not used: its custom gradient reads a tensor that the gradient
 * tape has already freed (tfjs 4.22, wasm backend: "Cannot read properties of undefined (reading 'backend')").
 */
const logSigmoid = (x: tf.Tensor): tf.Tensor => tf.neg(tf.softplus(tf.neg(x)));

/** mean over pairs of −log σ(r_w − r_l − m). rChosen, rRejected: [N] (or [N, K] for K heads); margin: [N] (or [N, 1]). */
export function rankLoss(rChosen: tf.Tensor, rRejected: tf.Tensor, margin?: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const logits = margin ? tf.sub(tf.sub(rChosen, rRejected), margin) : tf.sub(rChosen, rRejected);
    return tf.mean(tf.neg(logSigmoid(logits))) as tf.Scalar;
  });
}
