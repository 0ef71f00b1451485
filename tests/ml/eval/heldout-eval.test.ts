// The benches' held-out judgement: head-to-head counting by hand, and sampled answers that depend only on the seed.
import { describe, expect, it } from 'vitest';
import { greedyScores, headToHead, sampledScores, winRateCeilings } from '../../../bench/support/heldout-eval';
import { PRESETS } from '../../../server/ml/model/config';
import { GPT } from '../../../server/ml/model/gpt';
import { charTokenizer } from '../../../server/ml/model/tokenizer';
import { generateTasks } from '../../../server/ml/tasks/index';

describe('headToHead', () => {
  it('counts wins, ties and losses game by game, ties ½', () => {
    expect(headToHead([1, 0.5, 0, 1], [0, 0.5, 1, 1])).toEqual({ wins: 1, ties: 2, losses: 1, winRate: 0.5 });
    expect(headToHead([1, 1, 0], [0, 0, 0])).toEqual({ wins: 2, ties: 1, losses: 0, winRate: 5 / 6 });
    expect(headToHead([0.2], [0.7]).winRate).toBe(0);
  });

  it('refuses score lists of different lengths', () => {
    expect(() => headToHead([1, 0], [1])).toThrow(/2 vs 1/);
  });
});

describe('winRateCeilings', () => {
  it('counts the starter\'s right answers as ties and everything else as wins', () => {
    // starter right on 2 of 5 (scores 1), partly right on one (0.5): a perfect policy wins 3, ties 2 → 4/5
    expect(winRateCeilings([1, 0, 0.5, 1, 0]).perfect).toBeCloseTo(0.8, 10);
  });

  it('lifts a task only where one of the starter\'s own samples did better than its greedy answer', () => {
    const starter = [1, 0, 0, 0.5];
    const samples = [[0, 0], [0, 1], [0, 0], [0.25, 0.5]]; // only task 1 has a better sample
    const c = winRateCeilings(starter, samples);
    expect(c.sharpened).toBeCloseTo((1 + 3 / 2) / 4, 10); // 1 win, 3 ties
    expect(winRateCeilings(starter).sharpened).toBeNull();
  });
});

describe('sampledScores', () => {
  const tok = charTokenizer();
  const tasks = generateTasks({ seed: 5, count: 6, split: 'heldout' });
  const opts = { samples: 3, temperature: 1, seed: 11, maxNewTokens: 8, batchSize: 4 };

  it('gives samples × tasks scores in [0, 1] that repeat with the seed, so a policy against itself wins exactly ½', () => {
    const model = new GPT(PRESETS.nano, { seed: 3 });
    try {
      const a = sampledScores(model, tok, tasks, opts);
      const b = sampledScores(model, tok, tasks, opts);
      expect(a).toHaveLength(tasks.length);
      for (const row of a) expect(row).toHaveLength(3);
      expect(a.flat().every((s) => s >= 0 && s <= 1)).toBe(true);
      expect(b).toEqual(a);
      expect(headToHead(a.flat(), b.flat()).winRate).toBe(0.5);
      const greedy = greedyScores(model, tok, tasks, 8, 4);
      expect(greedy).toHaveLength(tasks.length);
      expect(greedyScores(model, tok, tasks, 8, 2)).toEqual(greedy); // batching does not change greedy answers
    } finally {
      model.dispose();
    }
  });
});
