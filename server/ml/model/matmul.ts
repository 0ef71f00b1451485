import * as tf from '@tensorflow/tfjs';

/** Swaps the last two axes. */
function swapLast(t: tf.Tensor): tf.Tensor {
  const perm = t.shape.map((_, i) => i);
  [perm[t.rank - 2], perm[t.rank - 1]] = [perm[t.rank - 1], perm[t.rank - 2]];
  return tf.transpose(t, perm);
}

/**
 * a b (2-D, or batched with equal batch dims), computed — and differentiated — with explicit transposes so the
 * kernel always multiplies non-transposed operands: the wasm backend's transposed BatchMatMul paths are 10–50×
 * slower (e.g. Aᵀ B on [192, 1024]ᵀ·[192, 768]: 850 ms vs 17 ms), and tf.matMul's own gradient uses them.
 * Gradient: dA = dY Bᵀ, dB = Aᵀ dY.
 */
export function matmul(a: tf.Tensor, b: tf.Tensor, transposeA = false, transposeB = false): tf.Tensor {
  const product = tf.customGrad((x, y, save) => {
    (save as tf.GradSaveFunc)([x as tf.Tensor, y as tf.Tensor]);
    const value = tf.matMul(x as tf.Tensor, y as tf.Tensor);
    const gradFunc = (dy: tf.Tensor, [xs, ys]: tf.Tensor[]) => [matmul(dy, ys, false, true), matmul(xs, dy, true, false)];
    return { value, gradFunc };
  });
  return product(transposeA ? swapLast(a) : a, transposeB ? swapLast(b) : b);
}
