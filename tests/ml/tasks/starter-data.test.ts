import { describe, expect, it } from 'vitest';
import { FAMILIES, generateTasks, verify } from '../../../server/ml/tasks';
import { pretrainCorpus, starterSftExamples, weightedFamilies } from '../../../server/ml/tasks/starter-data';

describe('starterSftExamples', () => {
  it.each([0.3, 0.1, 0.5])('makes ≈ errorRate=%d of 2,000 responses imperfect (score < 1)', (errorRate) => {
    const examples = starterSftExamples({ seed: 1, count: 2000, errorRate });
    const imperfect = examples.filter((e) => verify(e.verifier, e.response) < 1).length / examples.length;
    expect(Math.abs(imperfect - errorRate)).toBeLessThanOrEqual(0.07);
  });

  it('defaults to correct answers only, covers every family, and is reproducible', () => {
    const examples = starterSftExamples({ seed: 2, count: 1300 });
    expect(examples.every((e) => verify(e.verifier, e.response) === 1)).toBe(true);
    expect(new Set(examples.map((e) => e.family))).toEqual(new Set(FAMILIES));
    expect(starterSftExamples({ seed: 2, count: 50 })).toEqual(examples.slice(0, 50));
  });

  it('has only perfect responses at errorRate 0 and only imperfect ones at 1', () => {
    expect(starterSftExamples({ seed: 3, count: 300, errorRate: 0 }).every((e) => verify(e.verifier, e.response) === 1)).toBe(true);
    const bad = starterSftExamples({ seed: 3, count: 300, errorRate: 1 });
    expect(bad.every((e) => verify(e.verifier, e.response) < 1 && e.response !== '')).toBe(true);
    // Realistic mistakes, not noise: many are near misses with partial credit.
    expect(bad.filter((e) => verify(e.verifier, e.response) > 0).length).toBeGreaterThan(60);
    expect(() => starterSftExamples({ seed: 3, count: 1, errorRate: 1.5 })).toThrow(/errorRate/);
  });
});

describe('family weights', () => {
  it('gives each family its weight in examples (0 leaves it out), still correct answers only', () => {
    const weights = { add: 3, reverse_word: 2, word_count: 0 };
    const cycle = weightedFamilies(weights);
    const examples = starterSftExamples({ seed: 4, count: cycle.length * 20, familyWeights: weights });
    const count = (f: string) => examples.filter((e) => e.family === f).length;
    expect(count('add')).toBe(60);
    expect(count('reverse_word')).toBe(40);
    expect(count('word_count')).toBe(0);
    expect(count('json_format')).toBe(20);
    expect(examples.every((e) => verify(e.verifier, e.response) === 1)).toBe(true);
  });

  it('rejects unknown families and weights that are not whole numbers', () => {
    expect(() => weightedFamilies({ nope: 2 })).toThrow(/unknown family/);
    expect(() => weightedFamilies({ add: 1.5 })).toThrow(/whole number/);
    expect(() => weightedFamilies(Object.fromEntries(FAMILIES.map((f) => [f, 0])))).toThrow(/every family weight is 0/);
  });
});

describe('pretrainCorpus', () => {
  const docs = pretrainCorpus({ seed: 1, documents: 400 });

  it('is reproducible plain text with letters and digits', () => {
    expect(pretrainCorpus({ seed: 1, documents: 400 })).toEqual(docs);
    expect(docs).toHaveLength(400);
    expect(docs.every((d) => d.length > 0)).toBe(true);
    const all = docs.join('\n');
    expect(all).toMatch(/[0-9]/);
    expect(all).toMatch(/[a-z]/);
    expect(new Set(docs).size).toBeGreaterThan(350);
  });

  it('mixes in real English from WordNet at the given share', () => {
    const isGloss = (d: string) => /^[^\n:]+: /.test(d) && !/\d/.test(d.split(':')[0]);
    const english = pretrainCorpus({ seed: 1, documents: 400, english: 0.5 });
    expect(english.filter((d) => d.includes('\n') && d.split('\n').every(isGloss)).length).toBeGreaterThanOrEqual(190);
    expect(pretrainCorpus({ seed: 1, documents: 400, english: 0 }).join('\n')).not.toEqual(english.join('\n'));
  });

  it('contains no held-out prompt', () => {
    const all = docs.join('\n');
    const heldout = generateTasks({ seed: 9, count: 600, split: 'heldout' });
    expect(heldout.filter((t) => all.includes(`${t.prompt}\n`))).toEqual([]);
  });
});
