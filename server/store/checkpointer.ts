import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Database } from 'better-sqlite3';

/**
 * WAL checkpoints on a worker thread. With synchronous=NORMAL a commit never waits for the disk, but a
 * checkpoint fsyncs the WAL and the database: run by the committing connection (SQLite's default
 * auto-checkpoint) that stall lands on the event loop of whoever happens to commit. Here the server's
 * connection never checkpoints; a second connection on a worker copies the WAL back every `everyMs`
 * (PASSIVE: it never blocks writers or readers).
 */
export function startCheckpointer(db: Database, everyMs = 1000): { stop(): Promise<void> } {
  db.pragma('wal_autocheckpoint = 0');
  const sqlitePath = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads');
     const Database = require(workerData.sqlitePath);
     const db = new Database(workerData.file, { fileMustExist: true });
     db.pragma('busy_timeout = 5000');
     const timer = setInterval(() => {
       try { db.pragma('wal_checkpoint(PASSIVE)'); } catch { /* busy: the next tick tries again */ }
     }, workerData.everyMs);
     parentPort.on('message', () => { clearInterval(timer); db.close(); process.exit(0); });`,
    { eval: true, workerData: { file: db.name, sqlitePath, everyMs } },
  );
  worker.unref();
  // should the worker die, the connection checkpoints for itself again (SQLite's default)
  worker.on('error', () => {
    if (db.open) db.pragma('wal_autocheckpoint = 1000');
  });
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        if (worker.threadId < 0) return resolve(); // already gone
        worker.once('exit', () => resolve());
        worker.ref(); // else a process with nothing else left to do exits before the worker has closed its connection
        worker.postMessage('stop');
      }),
  };
}
