import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Job, JobProgress } from '../../shared/schemas/jobs';
import type { JobKindRegistry } from '../../server/jobs/kind';
import { JobScheduler, type SchedulerOptions } from '../../server/jobs/scheduler';
import { noLiveUpdates } from '../../server/live';
import { createStore, type Store } from '../../server/store';
import { openDatabase } from '../../server/store/db';

export const quietLog = { info() {}, error() {} };

/** Polls `check` until it returns something truthy (at most `tries` × `everyMs`), else throws `what`. */
export async function waitFor<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, tries = 600, everyMs = 50): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const value = await check();
    if (value) return value;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out waiting for ${what}`);
}

export interface SchedulerRig {
  dir: string;
  store: Store;
  scheduler: JobScheduler;
  progress: JobProgress[];
  updates: Job[];
  /** a scheduler over the same database file, as a restarted server would have */
  restart(kinds?: JobKindRegistry): JobScheduler;
  close(): Promise<void>;
}

/** A scheduler over a fresh SQLite file, recording every event it sends. */
export function schedulerRig(kinds: JobKindRegistry, options: Partial<SchedulerOptions> = {}): SchedulerRig {
  const dir = mkdtempSync(join(tmpdir(), 'prefloop-jobs-'));
  const store = createStore(openDatabase(join(dir, 'jobs.db')));
  const progress: JobProgress[] = [];
  const updates: Job[] = [];
  const make = (k: JobKindRegistry) =>
    new JobScheduler({
      ctx: { store, log: quietLog, live: noLiveUpdates },
      kinds: k,
      events: { progress: (p) => progress.push(p), updated: (j) => updates.push(j) },
      flushIntervalMs: 50,
      ...options,
    });
  let scheduler = make(kinds);
  return {
    dir,
    store,
    get scheduler() {
      return scheduler;
    },
    progress,
    updates,
    restart(k = kinds) {
      scheduler = make(k);
      return scheduler;
    },
    async close() {
      await scheduler.stop();
      store.db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
