import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { migrate } from './migrate';

/**
 * Opens (creating if needed) the SQLite file and brings its schema up to date.
 *
 * Durability: WAL with synchronous=NORMAL. A commit is in the WAL file (the OS page cache) before
 * better-sqlite3 returns, so it survives the process being killed (kill -9) at any point; only a power
 * loss or OS crash can lose the last transactions. synchronous=FULL would also cover that, at several
 * times the cost per commit. Checkpoints do sync: the server moves them off its event loop
 * (store/checkpointer.ts); short-lived users of this function (CLI, scripts) keep SQLite's automatic ones.
 *
 * Lock waits: the CLI may write to the same file while the server runs. SQLite's busy handler waits for the
 * lock by sleeping the calling thread, which for the server is its event loop. So the CLI (the default) waits
 * up to 5 s, and the server opens with `busyTimeoutMs: 0`: its hot writes retry asynchronously
 * (store/groupCommit.ts), any other write fails at once with SQLITE_BUSY (a 503 database_busy).
 */
export function openDatabase(file: string, { busyTimeoutMs = 5000 }: { busyTimeoutMs?: number } = {}): Database.Database {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  // Reads that grow with the data (the queue walk at 10^6 pairs, exports, the Data page) find their pages in a
  // 64 MiB page cache instead of SQLite's 2 MB (bench:export: labels-jsonl at 10^6 labels 96k → 109k rows/s).
  db.pragma('cache_size = -65536');
  db.pragma('busy_timeout = 5000'); // start-up (migrations) may wait: nothing is served yet
  migrate(db);
  db.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
  return db;
}

export type { Database } from 'better-sqlite3';
