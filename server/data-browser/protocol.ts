// The messages between the Data page's read pool (read-pool.ts) and its worker thread (worker.ts).
import type { DataFilter } from '../../shared/schemas/data';
import type { DataPageQuery } from '../store/data-browser';

export type DataRead = { op: 'page'; query: DataPageQuery } | { op: 'distributions'; filter: DataFilter };

export interface WorkerInput {
  /** the database file (the worker opens it read-only) */
  file: string;
  /** tests only: while hold[0] is 1 the worker waits before each read, a query as slow as the test wants */
  hold?: Int32Array;
}

export type ToWorker = { id: number; read: DataRead };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'done'; id: number; result: unknown }
  /** `code`: SQLite's (SQLITE_BUSY…), so the one error middleware can map it */
  | { type: 'failed'; id: number; message: string; code?: string };
