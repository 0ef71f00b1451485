import { describe, expect, it } from 'vitest';
import { selectPairs, textDistance } from '../../../server/ml/generation/pair-selection';

describe('textDistance', () => {
  it('is normalised edit distance', () => {
    expect(textDistance('abc', 'abc')).toBe(0);
    expect(textDistance('abc', 'abd')).toBeCloseTo(1 / 3);
    expect(textDistance('', 'xy')).toBe(1);
    expect(textDistance('', '')).toBe(0);
  });
});

describe('selectPairs', () => {
  const texts = ['42', '42', '41', 'The answer is 17.'];
  it('picks the most different pair of distinct texts', () => {
    expect(selectPairs(texts)).toEqual([[0, 3]]);
    expect(selectPairs(texts, { pairs: 3 })).toEqual([
      [0, 3],
      [1, 3],
      [2, 3],
    ]);
  });
  it('never pairs identical texts, and gives nothing when all are the same', () => {
    expect(selectPairs(['x', 'x', 'x'])).toEqual([]);
    for (const [i, j] of selectPairs(texts, { pairs: 10 })) expect(texts[i]).not.toBe(texts[j]);
  });
  it("'first' keeps sample order (two samples per prompt, as before)", () => {
    expect(selectPairs(texts, { strategy: 'first' })).toEqual([[0, 2]]);
  });
});
