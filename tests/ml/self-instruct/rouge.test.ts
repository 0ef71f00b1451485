import { describe, expect, it } from 'vitest';
import { lcsLength, rougeL, tokenize } from '../../../server/ml/self-instruct';

describe('ROUGE-L (rouge_score semantics)', () => {
  it('tokenizes like rouge_score: lowercase, non-[a-z0-9] runs split', () => {
    expect(tokenize('Hello, WORLD! It’s 2024.')).toEqual(['hello', 'world', 'it', 's', '2024']);
    expect(tokenize('café')).toEqual(['caf']);
    expect(tokenize(' !! ')).toEqual([]);
  });

  it('computes the LCS length', () => {
    expect(lcsLength(['a', 'b', 'c', 'd'], ['a', 'c', 'd'])).toBe(3);
    expect(lcsLength(['a', 'b', 'c', 'd'], ['d', 'c', 'b', 'a'])).toBe(1);
    expect(lcsLength([], ['a'])).toBe(0);
  });

  it('matches hand-computed scores', () => {
    // rouge_score README: LCS "the quick brown jumps the" = 5; P = 5/8, R = 5/9.
    const readme = rougeL('The quick brown fox jumps over the lazy dog', 'The quick brown dog jumps on the log.');
    expect(readme.precision).toBeCloseTo(0.625, 10);
    expect(readme.recall).toBeCloseTo(5 / 9, 10);
    expect(readme.fmeasure).toBeCloseTo(10 / 17, 10); // 0.5882
    // LCS 5 of 6 target / 5 prediction tokens: F = 2·1·(5/6) / (1 + 5/6) = 10/11.
    expect(rougeL('the cat sat on the mat', 'the cat on the mat').fmeasure).toBeCloseTo(10 / 11, 10);
    // P = 5/7, R = 5/6 → F = 10/13.
    expect(rougeL('Write a poem about the sea.', 'Write a short poem about the ocean.').fmeasure).toBeCloseTo(10 / 13, 10);
    expect(rougeL('a b c d', 'd c b a').fmeasure).toBeCloseTo(0.25, 10);
    expect(rougeL('Hello, world!', 'hello world').fmeasure).toBe(1);
    expect(rougeL('!!!', 'abc')).toEqual({ precision: 0, recall: 0, fmeasure: 0 });
  });

  it('F1 is symmetric in its arguments', () => {
    expect(rougeL('x y z w', 'x z').fmeasure).toBeCloseTo(rougeL('x z', 'x y z w').fmeasure, 12);
  });
});
