import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../server/ml/backend';
import { rankLoss } from '../../../server/ml/reward/loss';

beforeAll(async () => {
  await initBackend();
});

const softplus = (x: number) => Math.log1p(Math.exp(x)); // −log σ(x) = softplus(−x)

describe('rankLoss', () => {
  const rw = [1.5, -0.2, 0.3];
  const rl = [0.5, 0.4, 0.3];
  const m = [0, 1 / 3, 1];

  it('is the mean of −log σ(r_w − r_l) without margin', () => {
    const expected = rw.reduce((s, w, i) => s + softplus(-(w - rl[i])), 0) / rw.length;
    const got = tf.tidy(() => rankLoss(tf.tensor1d(rw), tf.tensor1d(rl)).dataSync()[0]);
    expect(got).toBeCloseTo(expected, 5);
  });

  it('is the mean of −log σ(r_w − r_l − m) with margin', () => {
    const expected = rw.reduce((s, w, i) => s + softplus(-(w - rl[i] - m[i])), 0) / rw.length;
    const got = tf.tidy(() => rankLoss(tf.tensor1d(rw), tf.tensor1d(rl), tf.tensor1d(m)).dataSync()[0]);
    expect(got).toBeCloseTo(expected, 5);
    // a margin asks for more: the loss only grows
    expect(got).toBeGreaterThan(tf.tidy(() => rankLoss(tf.tensor1d(rw), tf.tensor1d(rl)).dataSync()[0]));
  });

  it('swapping chosen and rejected flips the sign of the gradient', () => {
    const [gw, gSwapped] = tf.tidy(() => {
      const w = tf.tensor1d(rw);
      const l = tf.tensor1d(rl);
      const g1 = tf.grad((x: tf.Tensor) => rankLoss(x, l))(w).arraySync() as number[]; // d/d r_w, r_w chosen
      const g2 = tf.grad((x: tf.Tensor) => rankLoss(l, x))(w).arraySync() as number[]; // same reward, now rejected
      return [g1, g2];
    });
    for (let i = 0; i < rw.length; i++) {
      expect(gw[i]).toBeLessThan(0); // raising the chosen reward lowers the loss
      expect(gSwapped[i]).toBeGreaterThan(0);
      // closed form: d/d r_w = −σ(−(r_w − r_l)) / N
      expect(gw[i]).toBeCloseTo(-1 / (1 + Math.exp(rw[i] - rl[i])) / rw.length, 5);
    }
  });
});
