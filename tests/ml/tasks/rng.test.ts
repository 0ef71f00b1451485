import { describe, expect, it } from 'vitest';
import { createRng, hashString } from '../../../server/ml/tasks/rng';

describe('createRng', () => {
  it('is reproducible from its seed and differs across seeds', () => {
    const draw = (seed: number) => Array.from({ length: 5 }, createRng(seed).next);
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
  });

  it('int(a, b) stays in [a, b] and reaches both ends', () => {
    const rng = createRng(1);
    const seen = new Set(Array.from({ length: 2000 }, () => rng.int(3, 7)));
    expect([...seen].sort()).toEqual([3, 4, 5, 6, 7]);
  });

  it('shuffle and sample return permutations without touching the input', () => {
    const rng = createRng(2);
    const items = [1, 2, 3, 4, 5, 6];
    const shuffled = rng.shuffle(items);
    expect(items).toEqual([1, 2, 3, 4, 5, 6]);
    expect(shuffled.slice().sort()).toEqual(items);
    const sample = rng.sample(items, 4);
    expect(new Set(sample).size).toBe(4);
    expect(() => rng.sample(items, 7)).toThrow();
    expect(() => rng.pick([])).toThrow();
  });

  it('normal() has mean ≈ 0 and std ≈ 1', () => {
    const rng = createRng(3);
    const xs = Array.from({ length: 20_000 }, rng.normal);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const std = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length);
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(std - 1)).toBeLessThan(0.03);
  });

  it('hashString is FNV-1a', () => {
    expect(hashString('')).toBe(0x811c9dc5);
    expect(hashString('a')).toBe(0xe40c292c);
  });
});
