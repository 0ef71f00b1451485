// Families the starter had nearly solved were made harder (more items, more digits, longer words), and
// reverse_word draws from a large vocabulary so that held-out words are words never seen reversed
// (README "The starter policy").
import { describe, expect, it } from 'vitest';
import { generateTasks } from '../../../server/ml/tasks';
import { commonWords } from '../../../server/ml/tasks/dictionary';

const specs = (family: string, split: 'train' | 'heldout', count: number) =>
  generateTasks({ seed: 5, count, split, families: [family] }).map((t) => t.verifier as unknown as Record<string, unknown>);

describe('task difficulty', () => {
  it('reverse_word: thousands of common words, and held-out words never occur in the train split', () => {
    expect(commonWords(5, 12).length).toBeGreaterThan(5000);
    expect(commonWords(5, 12)).toContain('garden');
    expect(commonWords(5, 12).every((w) => /^[a-z]{5,12}$/.test(w))).toBe(true);
    const train = new Set(specs('reverse_word', 'train', 3000).map((s) => s.word as string));
    const heldout = specs('reverse_word', 'heldout', 300).map((s) => s.word as string);
    expect(train.size).toBeGreaterThan(2000);
    expect(heldout.filter((w) => train.has(w))).toEqual([]);
  });

  it('list_extreme: 4–7 numbers of up to three digits', () => {
    const lists = specs('list_extreme', 'train', 400).map((s) => s.numbers as number[]);
    expect(Math.min(...lists.map((l) => l.length))).toBe(4);
    expect(Math.max(...lists.map((l) => l.length))).toBe(7);
    expect(lists.flat().filter((n) => n >= 100).length / lists.flat().length).toBeGreaterThan(0.8);
  });

  it('word_count, first_letters, json_format: longer texts, more words, more keys', () => {
    const range = (xs: number[]) => [Math.min(...xs), Math.max(...xs)];
    const counts = generateTasks({ seed: 5, count: 400, split: 'train', families: ['word_count'] }).map((t) => Number(t.answer));
    expect(range(counts)).toEqual([3, 15]);
    expect(range(specs('first_letters', 'train', 400).map((s) => (s.words as string[]).length))).toEqual([3, 7]);
    const keys = specs('json_format', 'train', 400).map((s) => Object.keys(s.object as object).length);
    expect(range(keys)).toEqual([2, 5]);
  });

  it('compare_numbers: four-digit numbers, with digit swaps and near neighbours among them', () => {
    const pairs = specs('compare_numbers', 'train', 600).map((s) => [s.a as number, s.b as number]);
    const swapped = (a: number, b: number) => String(a).split('').reverse().join('') === String(b);
    expect(pairs.filter(([a, b]) => a >= 1000 && b >= 1000).length / pairs.length).toBeGreaterThan(0.7);
    expect(pairs.filter(([a, b]) => swapped(a, b)).length / pairs.length).toBeGreaterThan(0.2);
    expect(pairs.filter(([a, b]) => Math.abs(a - b) <= 20 && !swapped(a, b)).length / pairs.length).toBeGreaterThan(0.2);
    expect(pairs.every(([a, b]) => a !== b)).toBe(true);
  });

  it('one_sentence: most held-out pairs put together a subject and a keyword that train has each seen with others', () => {
    const pair = (s: Record<string, unknown>) => `${s.subject}|${s.keyword}`;
    const train = specs('one_sentence', 'train', 2000);
    const trainPairs = new Set(train.map(pair));
    const heldout = generateTasks({ seed: 5, count: 300, split: 'heldout', families: ['one_sentence'] });
    expect(heldout.filter((t) => trainPairs.has(pair(t.verifier))).length).toBe(0);
    // Learnable by composition: train has the keyword with other subjects, and the subject with other keywords.
    const framed = heldout.filter(
      (t) =>
        train.some((s) => s.keyword === t.verifier.keyword && s.subject !== t.verifier.subject) &&
        train.some((s) => s.subject === t.verifier.subject && s.keyword !== t.verifier.keyword),
    );
    expect(framed.length / heldout.length).toBeGreaterThan(0.5);
  });
});
