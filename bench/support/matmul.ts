// The backend's own matmul speed, the yardstick every bench reports its achieved GFLOP/s against.
import * as tf from '@tensorflow/tfjs';

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Median of `reps` timings of `f` after one warm-up run (kernel set-up, XNNPACK packing), in ms. */
export function timeMs(f: () => void, reps: number): number {
  f();
  return median(
    Array.from({ length: reps }, () => {
      const t0 = performance.now();
      f();
      return performance.now() - t0;
    }),
  );
}

/** GFLOP/s of an n×n float32 matmul (median of `reps`). */
export function matmulGflops(n: number, reps: number): number {
  const a = tf.randomNormal([n, n]);
  const b = tf.randomNormal([n, n]);
  const ms = timeMs(() => {
    const c = tf.matMul(a, b);
    c.dataSync(); // (not inside tf.tidy: tidy walks a returned typed array element by element)
    c.dispose();
  }, reps);
  tf.dispose([a, b]);
  return (2 * n ** 3) / ms / 1e6;
}
