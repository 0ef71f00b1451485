import * as tf from '@tensorflow/tfjs';

/** ‖g‖ over all tensors together: sqrt(Σ_i Σ g_i²). */
export function globalNorm(grads: tf.Tensor[]): number {
  if (grads.length === 0) return 0;
  const sq = tf.tidy(() => tf.addN(grads.map((g) => tf.sum(tf.square(g)))));
  const norm = Math.sqrt(sq.dataSync()[0]);
  sq.dispose();
  return norm;
}

/**
 * Scales every gradient by min(1, maxNorm / ‖g‖) (TF's clip_by_global_norm). Returns NEW tensors
 * (the inputs are left to the caller to dispose) and the norm before clipping. A non-finite norm
 * is returned as is with unscaled copies, so the caller can decide to skip the step.
 */
export function clipByGlobalNorm(
  grads: tf.NamedTensorMap,
  maxNorm: number,
): { grads: tf.NamedTensorMap; norm: number; scale: number } {
  const names = Object.keys(grads);
  const norm = globalNorm(names.map((n) => grads[n]));
  const scale = Number.isFinite(norm) && norm > maxNorm ? maxNorm / norm : 1;
  const clipped: tf.NamedTensorMap = {};
  for (const n of names) clipped[n] = scale === 1 ? tf.clone(grads[n]) : tf.tidy(() => tf.mul(grads[n], scale));
  return { grads: clipped, norm, scale };
}
