// Worker thread: the Data page's reads (server/store/data-browser.ts) on a read-only connection of its own, one
// at a time, so a search that scans 10⁶ comparisons runs here and not on the server's event loop. WAL lets this
// connection read while the server's writes; each page is read in one transaction (one snapshot).
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { dataBrowserReads } from '../store/data-browser';
import type { FromWorker, ToWorker, WorkerInput } from './protocol';

const { file, hold } = workerData as WorkerInput;
const port = parentPort;
if (!port) throw new Error('server/data-browser/worker.ts runs as a worker thread');

const db = new Database(file, { readonly: true, fileMustExist: true, timeout: 5000 });
const reads = dataBrowserReads(db);
const post = (msg: FromWorker) => port.postMessage(msg);

/** Tests hold the worker here; the short waits leave JavaScript running, so terminate() still stops it. */
function waitWhileHeld(): void {
  while (hold && Atomics.load(hold, 0) === 1) Atomics.wait(hold, 0, 1, 20);
}

port.on('message', ({ id, read }: ToWorker) => {
  try {
    waitWhileHeld();
    const result = read.op === 'page' ? reads.page(read.query) : reads.distributions(read.filter);
    post({ type: 'done', id, result });
  } catch (err) {
    const e = err as Error & { code?: unknown };
    post({ type: 'failed', id, message: e.message, code: typeof e.code === 'string' ? e.code : undefined });
  }
});
post({ type: 'ready' });
