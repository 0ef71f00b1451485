import { describe, expect, it } from 'vitest';
import { FAMILIES, generateTasks, getFamily, splitOf } from '../../../server/ml/tasks';

describe('generateTasks', () => {
  it('balances families round-robin', () => {
    const tasks = generateTasks({ seed: 1, count: FAMILIES.length * 10 + 1, split: 'train' });
    const counts = new Map<string, number>();
    for (const t of tasks) counts.set(t.family, (counts.get(t.family) ?? 0) + 1);
    expect([...counts.keys()].sort()).toEqual([...FAMILIES].sort());
    expect(counts.get(FAMILIES[0])).toBe(11);
    for (const f of FAMILIES.slice(1)) expect(counts.get(f)).toBe(10);
  });

  it('keeps train and held-out disjoint by problem and by prompt', () => {
    const train = generateTasks({ seed: 1, count: 3000, split: 'train' });
    const heldout = generateTasks({ seed: 2, count: 1000, split: 'heldout' });
    expect(train.every((t) => t.split === 'train' && splitOf(t.verifier) === 'train')).toBe(true);
    expect(heldout.every((t) => t.split === 'heldout' && splitOf(t.verifier) === 'heldout')).toBe(true);
    const trainPrompts = new Set(train.map((t) => t.prompt));
    expect(heldout.filter((t) => trainPrompts.has(t.prompt))).toEqual([]);
  });

  it('is reproducible, has unique ids and distinct prompts while the problem space allows', () => {
    const a = generateTasks({ seed: 5, count: 500, split: 'heldout' });
    expect(generateTasks({ seed: 5, count: 500, split: 'heldout' })).toEqual(a);
    expect(new Set(a.map((t) => t.id)).size).toBe(a.length);
    // Exact families have large problem spaces; the style families' held-out space is a few dozen prompts.
    const exact = a.filter((t) => getFamily(t.family).kind === 'exact');
    expect(new Set(exact.map((t) => t.prompt)).size).toBe(exact.length);
  });

  it('restricts to the requested families and rejects unknown ones', () => {
    const tasks = generateTasks({ seed: 1, count: 20, split: 'train', families: ['add', 'write_list'] });
    expect(new Set(tasks.map((t) => t.family))).toEqual(new Set(['add', 'write_list']));
    expect(() => generateTasks({ seed: 1, count: 1, split: 'train', families: ['nope'] })).toThrow(/unknown task family/);
  });
});
