import type { Store } from '.';

interface Job {
  fn: () => unknown;
  resolve(value: unknown): void;
  reject(err: unknown): void;
}

/**
 * Group commit for the hot writes (leases, labels, skips). Writes queued during one turn of the event loop
 * (e.g. the socket messages of many annotators read in one poll) run in ONE transaction, each in its own
 * savepoint: a write that throws is rolled back alone and its caller gets the error; the others commit
 * together. Every promise settles only after that COMMIT returned, so an ack still means "stored".
 * One commit instead of N: the pages they share (counters, index leaves) go to the WAL once, and the
 * per-commit cost is paid once.
 *
 * Another connection (the CLI) may hold the write lock. The server's connection has busy_timeout 0 (store/db.ts):
 * SQLite's busy wait would sleep the event loop. Instead BEGIN fails with SQLITE_BUSY at once, nothing has run,
 * and the group is retried after a back-off (setTimeout: the event loop serves everything else meanwhile),
 * for up to `busyWaitMs`; then its callers get the SQLITE_BUSY error (a 503 database_busy, see errors.ts).
 */
export class GroupCommit {
  private queue: Job[] = [];
  private scheduled = false;
  private retrying: { jobs: Job[]; since: number; delayMs: number } | undefined;

  constructor(
    private readonly store: Store,
    private readonly busyWaitMs = 10_000,
  ) {}

  /** Nothing queued, nothing waiting for the write lock: every promise run() gave has settled. */
  get idle(): boolean {
    return this.queue.length === 0 && !this.scheduled && this.retrying === undefined;
  }

  run<T>(fn: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, resolve: resolve as (value: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const retry = this.retrying;
    this.retrying = undefined;
    const jobs = retry ? [...retry.jobs, ...this.queue] : this.queue;
    this.queue = [];
    const outcomes: { ok: boolean; value: unknown }[] = [];
    try {
      this.store.transaction(() => {
        for (const job of jobs) {
          try {
            outcomes.push({ ok: true, value: this.store.transaction(job.fn) }); // nested: a savepoint
          } catch (err) {
            outcomes.push({ ok: false, value: err });
          }
        }
      });
    } catch (err) {
      // nothing was stored: the transaction rolled back (or never began)
      if (isBusy(err) && !this.store.db.inTransaction) this.retryLater(jobs, retry, err);
      else for (const job of jobs) job.reject(err);
      return;
    }
    for (const [i, job] of jobs.entries()) {
      const { ok, value } = outcomes[i];
      if (ok) job.resolve(value);
      else job.reject(value);
    }
  }

  private retryLater(jobs: Job[], previous: GroupCommit['retrying'], busy: unknown): void {
    const since = previous?.since ?? Date.now();
    if (Date.now() - since >= this.busyWaitMs) {
      for (const job of jobs) job.reject(busy);
      return;
    }
    const delayMs = Math.min(100, (previous?.delayMs ?? 2.5) * 2); // 5, 10, 20, … 100 ms
    this.retrying = { jobs, since, delayMs };
    this.scheduled = true; // run() must not schedule a flush of its own meanwhile: new jobs join this retry
    setTimeout(() => this.flush(), delayMs);
  }
}

/** SQLITE_BUSY: another connection holds the write lock (the server's connection never waits for it). */
export const isBusy = (err: unknown): boolean => {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_BUSY_SNAPSHOT';
};
