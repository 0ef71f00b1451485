/**
 * Imports and comparison builds scale with the file, so they never hold the event loop for the whole of it:
 * rows are read, validated and written a chunk at a time (CHUNK_ROWS rows or CHUNK_MS, whichever comes first),
 * and between chunks the event loop gets a turn (setImmediate), so labels, next-pair requests and health checks
 * are answered while an import runs.
 *
 * Atomicity: each written chunk is its own transaction and commits on its own, so other requests' writes
 * commit between them. Every row is validated before the first chunk is written (bad input changes nothing);
 * a crash or error mid-import leaves the chunks committed so far, and importing the same file again completes
 * it, since every import is idempotent (prompts, responses and pairs already stored are counted as duplicates).
 */
import type { Store } from '../store';
import { isBusy } from '../store/groupCommit';

/** A chunk: at most this many rows (or weight, see runChunk) … */
export const CHUNK_ROWS = 500;
/** … and about this much time (rows cost from microseconds to a tenth of a millisecond each, more under load). */
const CHUNK_MS = 10;

/** How long a chunk waits for another process's write lock before its import fails with SQLITE_BUSY (503). */
const BUSY_WAIT_MS = 10_000;

export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One chunk, synchronously: step(i) for i = from, from + 1, … below `to`, until the steps' weights (1 each unless
 * step says otherwise) reach CHUNK_ROWS or CHUNK_MS have passed (at least one step); returns where it stopped.
 */
export function runChunk(from: number, to: number, step: (i: number) => number | undefined): number {
  const deadline = performance.now() + CHUNK_MS;
  let i = from;
  for (let weight = 0; i < to && weight < CHUNK_ROWS && (i === from || performance.now() < deadline); i++) weight += step(i) ?? 1;
  return i;
}

/** items → fn(item) in order, a chunk at a time with a turn of the event loop between chunks (no writes). */
export async function mapInChunks<T, R>(items: readonly T[], fn: (item: T, index: number) => R): Promise<R[]> {
  const out: R[] = [];
  for (let start = 0; start < items.length; ) {
    if (start > 0) await yieldToEventLoop();
    start = runChunk(start, items.length, (i) => void out.push(fn(items[i], i)));
  }
  return out;
}

/**
 * rows → write(row) in order, a chunk of rows per transaction (commitChunk), with a turn of the event loop after
 * each; returns what `write` returned for every row. `committed` hears each chunk's results once it has committed.
 */
export async function writeInChunks<T, R>(store: Store, rows: readonly T[], write: (row: T) => R, committed?: (results: R[]) => void): Promise<R[]> {
  const out: R[] = [];
  for (let start = 0; start < rows.length; ) {
    const chunk = await commitChunk(store, () => {
      const results: R[] = [];
      const end = runChunk(start, rows.length, (i) => void results.push(write(rows[i])));
      return { end, results };
    });
    for (const result of chunk.results) out.push(result);
    committed?.(chunk.results);
    start = chunk.end;
    await yieldToEventLoop();
  }
  return out;
}

/**
 * One chunk's IMMEDIATE transaction. The server's connection never sleeps on a lock (busy_timeout 0, store/db.ts):
 * while another process (the CLI) holds the write lock, BEGIN fails with SQLITE_BUSY before `fn` has run, and the
 * chunk is tried again after a back-off (setTimeout: the event loop serves everything else meanwhile), for up to
 * BUSY_WAIT_MS; then the error is thrown (a 503 database_busy, see errors.ts). The same back-off as the group
 * committer (store/groupCommit.ts), whose transactions run on the same connection between chunks, never inside one.
 */
export async function commitChunk<R>(store: Store, fn: () => R): Promise<R> {
  const since = Date.now();
  for (let delayMs = 5; ; delayMs = Math.min(100, delayMs * 2)) {
    let began = false;
    try {
      return store.transaction(() => {
        began = true;
        return fn();
      });
    } catch (err) {
      if (began || !isBusy(err) || Date.now() - since >= BUSY_WAIT_MS) throw err;
    }
    await sleep(delayMs);
  }
}
