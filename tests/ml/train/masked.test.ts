import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { nextTokenLoss, nextTokenNll } from '../../../server/ml/train/loss';
import { maskedMean, maskedSum } from '../../../server/ml/train/masked';

describe('maskedMean', () => {
  const x = tf.tensor2d([
    [1, 2, 3],
    [4, 5, 6],
  ]);
  const mask = tf.tensor2d([
    [1, 0, 1],
    [0, 0, 1],
  ]);

  it('averages only the masked-in entries', () => {
    expect(maskedSum(x, mask).dataSync()[0]).toBeCloseTo(10);
    expect(maskedMean(x, mask).dataSync()[0]).toBeCloseTo(10 / 3);
    expect(Array.from(maskedMean(x, mask, 1).dataSync())).toEqual([2, 6]);
  });

  it('is 0 for an empty mask', () => {
    expect(maskedMean(x, tf.zerosLike(x)).dataSync()[0]).toBe(0);
  });
});

describe('next-token loss', () => {
  it('matches -log softmax at the target, shifted by one', () => {
    // Position 0 predicts token 1; softmax([0, ln 3]) = [0.25, 0.75].
    const logits = tf.tensor3d([[[0, Math.log(3)], [0, 0]]]); // [1, 2, 2]
    const nll = nextTokenNll(logits, tf.tensor2d([[0, 1]], [1, 2], 'int32'));
    expect(nll.shape).toEqual([1, 1]);
    expect(nll.dataSync()[0]).toBeCloseTo(-Math.log(0.75), 5);
    const nll0 = nextTokenNll(logits, tf.tensor2d([[1, 0]], [1, 2], 'int32'));
    expect(nll0.dataSync()[0]).toBeCloseTo(-Math.log(0.25), 5);
  });

  it('averages over targets whose mask is on', () => {
    const logits = tf.zeros([1, 4, 4]) as tf.Tensor3D; // uniform: every nll = ln 4
    const tokens = tf.tensor2d([[0, 1, 2, 3]], [1, 4], 'int32');
    const loss = nextTokenLoss(logits, tokens, tf.tensor2d([[0, 0, 1, 1]]));
    expect(loss.dataSync()[0]).toBeCloseTo(Math.log(4), 5);
  });
});
