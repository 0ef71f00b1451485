import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { clipByGlobalNorm, globalNorm } from '../../../server/ml/train/clip';

describe('clipByGlobalNorm', () => {
  it('computes the norm over all tensors together', () => {
    const gs = [tf.tensor1d([3]), tf.tensor2d([[0, 4]])];
    expect(globalNorm(gs)).toBeCloseTo(5);
    tf.dispose(gs);
  });

  it('scales everything by maxNorm / norm when above the limit', () => {
    const grads = { a: tf.tensor1d([3]), b: tf.tensor1d([0, 4]) };
    const out = clipByGlobalNorm(grads, 1);
    expect(out.norm).toBeCloseTo(5);
    expect(out.scale).toBeCloseTo(0.2);
    expect(Array.from(out.grads.a.dataSync())).toEqual([expect.closeTo(0.6, 6)]);
    expect(Array.from(out.grads.b.dataSync())).toEqual([0, expect.closeTo(0.8, 6)]);
    tf.dispose([grads, out.grads]);
  });

  it('leaves gradients below the limit unchanged and allocates no stray tensors', () => {
    const grads = { a: tf.tensor1d([3]), b: tf.tensor1d([0, 4]) };
    const before = tf.memory().numTensors;
    const out = clipByGlobalNorm(grads, 10);
    expect(out.scale).toBe(1);
    expect(Array.from(out.grads.b.dataSync())).toEqual([0, 4]);
    expect(tf.memory().numTensors).toBe(before + 2);
    tf.dispose([grads, out.grads]);
  });
});
