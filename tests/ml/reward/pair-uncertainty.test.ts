import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../server/ml/backend';
import { PRESETS } from '../../../server/ml/model/config';
import { GPT } from '../../../server/ml/model/gpt';
import { charTokenizer } from '../../../server/ml/model/tokenizer';
import { RewardModel } from '../../../server/ml/reward/model';
import { headRewards, mostUncertainPair, preferenceUncertainty } from '../../../server/ml/reward/pair-uncertainty';

beforeAll(async () => {
  await initBackend();
});

describe('preference uncertainty of an ensemble', () => {
  it('is |gain| · std_k (r_k(a) − r_k(b)), 0 when the heads agree on the gap', () => {
    // differences 1, 3 → std 1; gain −2 → 2
    expect(preferenceUncertainty([2, 4], [1, 1], -2)).toBeCloseTo(2, 12);
    expect(preferenceUncertainty([5, 6, 7], [1, 2, 3], 1)).toBe(0); // same gap of 4 on every head
    expect(preferenceUncertainty([0.3], [0.1], 1)).toBe(0); // one head: no spread
  });

  it('picks the pair of distinct texts the heads disagree on most, never two identical texts', () => {
    const texts = ['a', 'b', 'c', 'a'];
    const heads = [
      [0, 0],
      [1, -1],
      [3, -3],
      [5, -5],
    ];
    // (0,1): std(−1, 1) = 1   (0,2): 3   (1,2): 2   (1,3): 4   (2,3): 2   (0,3): 5, but both texts are 'a'
    expect(mostUncertainPair(texts, heads, 1)).toEqual({ pair: [1, 3], uncertainty: 4 });
    expect(mostUncertainPair(texts, heads, -0.5)).toEqual({ pair: [1, 3], uncertainty: 2 }); // scaled by |gain|
    expect(mostUncertainPair(['x', 'x'], [[0], [1]], 1)).toBeNull();
  });

  it('reads one raw reward per head for each response', () => {
    const rm = new RewardModel(new GPT(PRESETS.nano, { seed: 4 }), charTokenizer(), { ensemble: 3, headSeed: 1 });
    try {
      const heads = headRewards(rm, ['hi', 'hi'], ['yes', 'no']);
      expect(heads).toHaveLength(2);
      expect(heads.every((h) => h.length === 3 && h.every(Number.isFinite))).toBe(true);
      expect(new Set(heads[0]).size).toBe(3); // different heads, different scores
    } finally {
      rm.dispose();
    }
  });
});
