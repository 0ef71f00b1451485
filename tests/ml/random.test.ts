import { describe, expect, it } from 'vitest';
import { createRng, hashString } from '../../server/ml/random';
import { batchStream } from '../../server/ml/train/batch-stream';

/**
 * The generators server/ml/random.ts replaced, verbatim (server/ml/tasks/rng.ts, server/ml/model/rng.ts and
 * server/ml/train/rng.ts before the merge). Held-out splits, the starter's training data, weight inits and the
 * committed figures were all drawn from these: the one Rng must reproduce them draw for draw.
 */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
function formerTaskRng(seed: number) {
  const next = mulberry32(seed);
  const int = (lo: number, hi: number): number => lo + Math.floor(next() * (hi - lo + 1));
  const shuffle = <T>(items: readonly T[]): T[] => {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = int(0, i);
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  };
  return {
    next,
    int,
    bool: (p = 0.5) => next() < p,
    pick: <T>(items: readonly T[]) => items[int(0, items.length - 1)],
    shuffle,
    sample: <T>(items: readonly T[], k: number) => shuffle(items).slice(0, k),
  };
}
/** the model core's makeRng: mulberry32 plus Box–Muller keeping its second value */
function formerModelRng(seed: number) {
  const next = mulberry32(seed);
  let spare: number | null = null;
  const normal = (): number => {
    if (spare !== null) {
      const s = spare;
      spare = null;
      return s;
    }
    const u = 1 - next();
    const v = next();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
  return { next, normal };
}
/** the training loop's Fisher–Yates over a bare `() => number` */
function formerShuffled<T>(items: readonly T[], rand: () => number): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

const SEEDS = [0, 1, 7, 42, 123_456_789, 2 ** 32 - 1];
const ITEMS = Array.from({ length: 37 }, (_, i) => i);

describe('createRng reproduces the generators it replaced', () => {
  it.each(SEEDS)('seed %i: the task world draws (next, int, bool, pick, shuffle, sample), 1000 of them', (seed) => {
    const now = createRng(seed);
    const before = formerTaskRng(seed);
    for (let i = 0; i < 1000; i++) {
      switch (i % 6) {
        case 0:
          expect(now.next()).toBe(before.next());
          break;
        case 1:
          expect(now.int(-3, 17)).toBe(before.int(-3, 17));
          break;
        case 2:
          expect(now.bool(0.3)).toBe(before.bool(0.3));
          break;
        case 3:
          expect(now.pick(ITEMS)).toBe(before.pick(ITEMS));
          break;
        case 4:
          expect(now.shuffle(ITEMS)).toEqual(before.shuffle(ITEMS));
          break;
        default:
          expect(now.sample(ITEMS, 5)).toEqual(before.sample(ITEMS, 5));
      }
    }
  });

  it.each(SEEDS)('seed %i: the model core draws (normal with its kept second value, interleaved with next), 1000 of them', (seed) => {
    const now = createRng(seed);
    const before = formerModelRng(seed);
    const draw = (rng: { next(): number; normal(): number }) => Array.from({ length: 1000 }, (_, i) => (i % 3 === 0 ? rng.next() : rng.normal()));
    expect(draw(now)).toEqual(draw(before));
  });

  it.each(SEEDS)('seed %i: the training loops (bare mulberry32 with Fisher–Yates shuffles)', (seed) => {
    const now = createRng(seed);
    const rand = mulberry32(seed);
    for (let i = 0; i < 100; i++) {
      expect(now.shuffle(ITEMS)).toEqual(formerShuffled(ITEMS, rand));
      expect(now.next()).toBe(rand());
    }
  });

  it.each([undefined, (x: number) => (x * 7) % 11])('batchStream keeps its batch order (lengthOf %s)', (lengthOf) => {
    // the former batchStream's epoch: shuffle, cut windows of `bucket` batches (sorted by length), shuffle the batches
    const rand = mulberry32(3);
    const epoch = () => {
      const order = formerShuffled(ITEMS, rand);
      const batches: number[][] = [];
      for (let w = 0; w < order.length; w += 4 * 3) {
        const window = order.slice(w, w + 4 * 3);
        if (lengthOf) window.sort((a, b) => lengthOf(a) - lengthOf(b));
        for (let i = 0; i + 4 <= window.length; i += 4) batches.push(window.slice(i, i + 4));
      }
      return lengthOf ? formerShuffled(batches, rand) : batches;
    };
    const before = [...epoch(), ...epoch(), ...epoch()];
    const stream = batchStream(ITEMS, 4, 3, lengthOf, 3);
    expect(before.map(() => stream.next().value)).toEqual(before);
  });
});

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
