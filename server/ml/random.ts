/**
 * The ML core's one seeded PRNG (mulberry32: 32-bit state, period 2^32), so that a seed reproduces a task-world
 * dataset, a weight initialisation, a sampled answer or a batch order on every machine and backend. Pass an Rng
 * around; derive a new one per independent stream (`createRng(seed + k)`) rather than sharing one.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [lo, hi], both inclusive. */
  int(lo: number, hi: number): number;
  /** True with probability p. */
  bool(p?: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** A shuffled copy (Fisher–Yates); the input is left untouched. */
  shuffle<T>(items: readonly T[]): T[];
  /** k distinct items in random order (k ≤ items.length). */
  sample<T>(items: readonly T[], k: number): T[];
  /** Standard normal N(0, 1): Box–Muller, whose second value is kept for the next call. */
  normal(): number;
}

export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number): number => lo + Math.floor(next() * (hi - lo + 1));
  const shuffle = <T>(items: readonly T[]): T[] => {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = int(0, i);
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  };
  let spare: number | null = null;
  const normal = (): number => {
    if (spare !== null) {
      const s = spare;
      spare = null;
      return s;
    }
    const r = Math.sqrt(-2 * Math.log(1 - next())); // 1 - u ∈ (0, 1]: keeps log finite
    const theta = 2 * Math.PI * next();
    spare = r * Math.sin(theta);
    return r * Math.cos(theta);
  };
  return {
    next,
    int,
    bool: (p = 0.5) => next() < p,
    pick: (items) => {
      if (items.length === 0) throw new Error('rng.pick: empty array');
      return items[int(0, items.length - 1)];
    },
    shuffle,
    sample: (items, k) => {
      if (k > items.length) throw new Error(`rng.sample: k=${k} > ${items.length} items`);
      return shuffle(items).slice(0, k);
    },
    normal,
  };
}

/** A fresh seed when the caller gave none (unreproducible on purpose). */
export function randomSeed(): number {
  return Math.floor(Math.random() * 2 ** 32);
}

/** FNV-1a 32-bit hash of a string: stable ids, seeds from names, the train/held-out split. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
