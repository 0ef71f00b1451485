import { createRng } from '../tasks/rng';

/** Seeded uniform floats in [0, 1) (the task world's mulberry32). Same seed → same sequence on every machine. */
export function mulberry32(seed: number): () => number {
  return createRng(seed).next;
}

/** Fisher–Yates shuffle of a copy. */
export function shuffled<T>(items: readonly T[], rand: () => number): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/**
 * Endless stream of batches: each epoch is a fresh shuffle; the last short batch of an epoch is dropped
 * unless the data is smaller than one batch. With `lengthOf`, each window of `bucket` batches is sorted by
 * length before it is cut into batches (which are then shuffled), so rows padded together have similar
 * lengths and little compute goes to padding.
 */
export function* batchStream<T>(
  items: readonly T[],
  batchSize: number,
  seed: number,
  lengthOf?: (item: T) => number,
  bucket = 16,
): Generator<T[]> {
  if (items.length === 0) throw new Error('batchStream: no items');
  const rand = mulberry32(seed);
  const size = Math.min(batchSize, items.length);
  for (;;) {
    const order = shuffled(items, rand);
    const batches: T[][] = [];
    for (let w = 0; w < order.length; w += size * bucket) {
      const window = order.slice(w, w + size * bucket);
      if (lengthOf) window.sort((a, b) => lengthOf(a) - lengthOf(b));
      for (let i = 0; i + size <= window.length; i += size) batches.push(window.slice(i, i + size));
    }
    yield* lengthOf ? shuffled(batches, rand) : batches;
  }
}
