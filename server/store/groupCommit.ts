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
 */
export class GroupCommit {
  private queue: Job[] = [];
  private scheduled = false;

  constructor(private readonly store: Store) {}

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
    const jobs = this.queue;
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
      for (const job of jobs) job.reject(err); // the commit itself failed: nothing was stored
      return;
    }
    for (const [i, job] of jobs.entries()) {
      const { ok, value } = outcomes[i];
      if (ok) job.resolve(value);
      else job.reject(value);
    }
  }
}
