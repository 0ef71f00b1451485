/**
 * The admin Data page's reads off the event loop: one worker thread (started on the first read) with its own
 * read-only connection to the database file runs them one at a time; the others wait in a bounded queue, and a
 * read past the bound is refused at once (429 overloaded). A read running past the time limit is answered 503
 * query_timeout and its worker terminated (the SQL calls back into JavaScript per scanned row, so that stops it
 * mid-statement: SCAN_CHECK in server/store/data-browser.ts); the next read gets a fresh worker once the old
 * thread is gone, so at most one thread is ever reading.
 *
 *   route ─► page/distributions ─► queue (≤ maxQueued) ─► worker (read-only connection) ─► done | failed | timeout
 *
 * An in-memory database cannot be opened by a second connection: its reads run in place, on the caller's thread.
 */
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import type { Database } from 'better-sqlite3';
import type { Page } from '../../shared/schemas/common';
import type { DataComparison, DataDistributions, DataFilter } from '../../shared/schemas/data';
import { HttpError } from '../errors';
import { spawn } from '../jobs/run-in-worker';
import { type DataPageQuery, dataBrowserReads } from '../store/data-browser';
import type { DataRead, FromWorker, ToWorker, WorkerInput } from './protocol';

const WORKER_FILE = fileURLToPath(new URL('./worker.ts', import.meta.url));

export interface DataReadPoolOptions {
  /** reads that may wait behind the running one [8] */
  maxQueued?: number;
  /** a read running longer than this is stopped and answered 503 query_timeout [20 000 ms] */
  timeoutMs?: number;
  /** tests only: a SharedArrayBuffer-backed flag; while hold[0] is 1 the worker waits before each read */
  hold?: Int32Array;
}

interface Pending {
  id: number;
  read: DataRead;
  resolve(result: unknown): void;
  reject(err: Error): void;
}

export class DataReadPool {
  /** false for an in-memory database: reads then run in place */
  readonly inWorker: boolean;
  private readonly inPlace: ReturnType<typeof dataBrowserReads> | undefined;
  private readonly maxQueued: number;
  private readonly timeoutMs: number;
  private readonly waiting: Pending[] = [];
  private running: Pending | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** the worker once it has opened its connection */
  private ready: Promise<Worker> | undefined;
  private worker: Worker | undefined;
  /** settles when the last terminated worker's thread has ended */
  private dying: Promise<unknown> = Promise.resolve();
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly db: Database,
    private readonly opts: DataReadPoolOptions = {},
  ) {
    this.inWorker = !db.memory;
    this.inPlace = this.inWorker ? undefined : dataBrowserReads(db);
    this.maxQueued = opts.maxQueued ?? 8;
    this.timeoutMs = opts.timeoutMs ?? 20_000;
  }

  /** A page of the filtered comparisons (server/store/data-browser.ts). */
  page(query: DataPageQuery, signal?: AbortSignal): Promise<Page<DataComparison>> {
    if (this.inPlace) return Promise.resolve(this.inPlace.page(query));
    return this.submit({ op: 'page', query }, signal) as Promise<Page<DataComparison>>;
  }

  /** The label distributions over the filtered comparisons. */
  distributions(filter: DataFilter, signal?: AbortSignal): Promise<DataDistributions> {
    if (this.inPlace) return Promise.resolve(this.inPlace.distributions(filter));
    return this.submit({ op: 'distributions', filter }, signal) as Promise<DataDistributions>;
  }

  /** reads running or waiting */
  get load(): number {
    return this.waiting.length + (this.running ? 1 : 0);
  }

  /** Fails what waits and runs, ends the worker thread. */
  async close(): Promise<void> {
    this.closed = true;
    const gone = new HttpError(503, 'shutting_down', 'The server is shutting down');
    for (const p of this.waiting.splice(0)) p.reject(gone);
    this.running?.reject(gone);
    this.running = undefined;
    clearTimeout(this.timer);
    this.stopWorker();
    await this.dying;
  }

  private submit(read: DataRead, signal?: AbortSignal): Promise<unknown> {
    if (this.closed) throw new HttpError(503, 'shutting_down', 'The server is shutting down');
    if (this.load > this.maxQueued) {
      throw new HttpError(429, 'overloaded', `The Data page's reader is busy (${this.load} queries ahead); retry shortly`, { retryAfterSeconds: 1 });
    }
    return new Promise((resolve, reject) => {
      const pending: Pending = { id: this.nextId++, read, resolve, reject };
      signal?.addEventListener('abort', () => this.abandon(pending), { once: true });
      this.waiting.push(pending);
      this.pump();
    });
  }

  private pump(): void {
    if (this.running || this.closed) return;
    const next = this.waiting.shift();
    if (!next) return;
    this.running = next;
    this.ready ??= this.startWorker();
    this.ready.then(
      (worker) => {
        if (this.running !== next) return; // settled meanwhile (closed)
        worker.postMessage({ id: next.id, read: next.read } satisfies ToWorker);
        // the limit counts from here: a worker's start-up (loading tsx and the store) is not the query's
        this.timer = setTimeout(() => this.timeOut(next), this.timeoutMs);
      },
      (err: Error) => {
        if (this.running !== next) return; // `lost` has failed it already
        this.worker = undefined;
        this.ready = undefined;
        this.settle((p) => p.reject(new HttpError(500, 'read_failed', `The Data page's reader did not start: ${err.message}`)));
      },
    );
  }

  private startWorker(): Promise<Worker> {
    return this.dying.then(
      () =>
        new Promise<Worker>((resolve, reject) => {
          if (this.closed) throw new HttpError(503, 'shutting_down', 'The server is shutting down');
          const worker = spawn(WORKER_FILE, { file: this.db.name, hold: this.opts.hold } satisfies WorkerInput);
          this.worker = worker;
          worker.on('message', (msg: FromWorker) => (msg.type === 'ready' ? resolve(worker) : this.onMessage(msg)));
          const gone = (err: Error) => {
            reject(err);
            this.lost(worker, err);
          };
          worker.on('error', gone);
          worker.on('exit', (code) => gone(new Error(`exit code ${code}`)));
        }),
    );
  }

  /** The worker stopped on its own (or never started): its read fails, the next read starts a fresh one. */
  private lost(worker: Worker | undefined, err: Error): void {
    if (worker === undefined || this.worker !== worker) return; // terminated by us: already settled
    this.worker = undefined;
    this.ready = undefined;
    this.settle((p) => p.reject(new HttpError(500, 'read_failed', `The Data page's reader stopped: ${err.message}`)));
  }

  private timeOut(p: Pending): void {
    if (this.running !== p) return;
    this.stopWorker();
    this.settle(() =>
      p.reject(new HttpError(503, 'query_timeout', `The query ran longer than ${this.timeoutMs / 1000} s and was stopped; narrow the filter or search`)),
    );
  }

  private stopWorker(): void {
    const worker = this.worker;
    this.worker = undefined;
    this.ready = undefined;
    if (worker) this.dying = worker.terminate().catch(() => undefined);
  }

  private onMessage(msg: FromWorker): void {
    const p = this.running;
    if (msg.type === 'ready' || !p || p.id !== msg.id) return; // a read already settled (timed out, closed)
    if (msg.type === 'done') this.settle(() => p.resolve(msg.result));
    // SQLite's code kept: SQLITE_BUSY becomes 503 database_busy in the one error middleware
    else this.settle(() => p.reject(Object.assign(new Error(`Data page read failed: ${msg.message}`), { code: msg.code })));
  }

  /** Ends the running read with `fn` and starts the next. */
  private settle(fn: (p: Pending) => void): void {
    const p = this.running;
    clearTimeout(this.timer);
    this.running = undefined;
    if (p) fn(p);
    this.pump();
  }

  private abandon(p: Pending): void {
    const at = this.waiting.indexOf(p);
    if (at === -1) return; // running: it finishes (stopping it would cost a worker's start-up)
    this.waiting.splice(at, 1);
    // nginx's "client closed request": nobody reads it, and unlike a 5xx it is not logged as a server failure
    p.reject(new HttpError(499, 'client_closed_request', 'The client went away before its read ran'));
  }
}
