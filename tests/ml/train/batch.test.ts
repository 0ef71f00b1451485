import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { padBatch } from '../../../server/ml/train/batch';
import { createRng } from '../../../server/ml/random';
import { batchStream } from '../../../server/ml/train/batch-stream';

describe('padBatch', () => {
  it('right-pads tokens and masks to the longest row', () => {
    const b = padBatch(
      [
        { tokens: [5, 6, 7], lossMask: [0, 1, 1] },
        { tokens: [8] }, // no lossMask: every real token counts
      ],
      0,
    );
    expect(b.tokens.dtype).toBe('int32');
    expect(b.tokens.arraySync()).toEqual([
      [5, 6, 7],
      [8, 0, 0],
    ]);
    expect(b.attentionMask.arraySync()).toEqual([
      [1, 1, 1],
      [1, 0, 0],
    ]);
    expect(b.responseMask.arraySync()).toEqual([
      [0, 1, 1],
      [1, 0, 0],
    ]);
    expect(b.lengths).toEqual([3, 1]);
    tf.dispose(b as unknown as tf.TensorContainer);
  });

  it('truncates to maxLen keeping the start', () => {
    const b = padBatch([{ tokens: [1, 2, 3, 4] }], 9, 2);
    expect(b.tokens.arraySync()).toEqual([[1, 2]]);
    expect(b.lengths).toEqual([2]);
  });
});

describe('seeded batching', () => {
  it('is reproducible and covers each item once per epoch', () => {
    const items = [0, 1, 2, 3, 4, 5];
    const take = (seed: number) => {
      const it = batchStream(items, 3, seed);
      return [it.next().value, it.next().value] as number[][];
    };
    expect(take(1)).toEqual(take(1));
    expect(take(1).flat().sort()).toEqual(items);
    expect(createRng(7).next()).toBe(createRng(7).next());
  });

  it('length bucketing batches rows of similar length together', () => {
    const items = Array.from({ length: 12 }, (_, i) => (i * 5) % 12); // 0..11, scrambled
    const it = batchStream(items, 3, 2, (x) => x, 4); // one window of 4 batches = everything
    const epoch = [0, 1, 2, 3].map(() => it.next().value as number[]);
    expect(epoch.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i));
    for (const b of epoch) expect(b).toEqual([b[0], b[0] + 1, b[0] + 2]);
  });
});
