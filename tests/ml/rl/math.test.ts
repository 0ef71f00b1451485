import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../server/ml/backend';
import { Baseline, baselineAdvantages, klK1, klK3, maskedMean, maskedWhiten, rlooAdvantages } from '../../../server/ml/rl/math';

beforeAll(async () => {
  await initBackend();
});

const close = (a: ArrayLike<number>, b: number[], digits = 5) => {
  expect(a.length).toBe(b.length);
  for (const [i, x] of Array.from(a).entries()) expect(x).toBeCloseTo(b[i], digits);
};

describe('masked mean / whiten', () => {
  const x = tf.tensor2d([
    [1, 2, 3],
    [4, 100, -7],
  ]);
  const mask = tf.tensor2d([
    [1, 1, 0],
    [1, 0, 0],
  ]);

  it('averages only the masked-in entries', () => {
    expect(maskedMean(x, mask).dataSync()[0]).toBeCloseTo((1 + 2 + 4) / 3, 6);
  });

  it('whitens the masked-in entries to mean 0, variance 1, and zeroes the rest', () => {
    // μ = 7/3, σ² = ((1−μ)² + (2−μ)² + (4−μ)²)/3 = 14/9
    const mu = 7 / 3;
    const sd = Math.sqrt(14 / 9);
    close(maskedWhiten(x, mask).dataSync(), [(1 - mu) / sd, (2 - mu) / sd, 0, (4 - mu) / sd, 0, 0]);
    close(maskedWhiten(x, mask, false).dataSync(), [(1 - mu) / sd + mu, (2 - mu) / sd + mu, 0, (4 - mu) / sd + mu, 0, 0]);
  });
});

describe('KL estimators', () => {
  const logp = tf.tensor1d([Math.log(0.5), Math.log(0.2), Math.log(0.9)]);
  const ref = tf.tensor1d([Math.log(0.25), Math.log(0.2), Math.log(0.3)]);

  it('k1 = log π − log π_ref', () => {
    close(klK1(logp, ref).dataSync(), [Math.log(2), 0, Math.log(3)]);
  });

  it('k3 = (r − 1) − log r with r = π_ref / π: ≥ 0, 0 where the policies agree', () => {
    const k3 = (r: number) => r - 1 - Math.log(r);
    close(klK3(logp, ref).dataSync(), [k3(0.5), 0, k3(1 / 3)]);
  });
});

describe('advantages', () => {
  it('RLOO: each sample minus the mean of the OTHER samples of its prompt', () => {
    // group 1: [1, 0, 0, 1]; group 2: [0.5, 0.5, 0.5, 0.5]
    const a = rlooAdvantages([1, 0, 0, 1, 0.5, 0.5, 0.5, 0.5], 4);
    close(a, [1 - 1 / 3, 0 - 2 / 3, 0 - 2 / 3, 1 - 1 / 3, 0, 0, 0, 0]);
    close(rlooAdvantages([3, 1], 2), [2, -2]);
  });

  it('RLOO refuses k < 2 and ragged groups', () => {
    expect(() => rlooAdvantages([1, 2], 1)).toThrow(/k ≥ 2/);
    expect(() => rlooAdvantages([1, 2, 3], 2)).toThrow(/groups of 2/);
  });

  it('REINFORCE with a batch-mean or moving-average baseline', () => {
    const batch = new Baseline('batch_mean');
    close(baselineAdvantages([1, 0, 2], batch.next([1, 0, 2])), [0, -1, 1]);
    const ema = new Baseline('moving_average', 0.5);
    expect(ema.next([2, 4])).toBe(3); // first batch: its own mean; ema ← 3
    expect(ema.next([10])).toBe(3); // read before the update; ema ← 0.5·3 + 0.5·10
    expect(ema.next([0])).toBe(6.5);
  });
});
