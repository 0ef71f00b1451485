import { createRng } from '../random';

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
  const rng = createRng(seed);
  const size = Math.min(batchSize, items.length);
  for (;;) {
    const order = rng.shuffle(items);
    const batches: T[][] = [];
    for (let w = 0; w < order.length; w += size * bucket) {
      const window = order.slice(w, w + size * bucket);
      if (lengthOf) window.sort((a, b) => lengthOf(a) - lengthOf(b));
      for (let i = 0; i + size <= window.length; i += size) batches.push(window.slice(i, i + size));
    }
    yield* lengthOf ? rng.shuffle(batches) : batches;
  }
}
