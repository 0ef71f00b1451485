import { describe, expect, it } from 'vitest';
import { runInWorker } from '../../server/jobs/run-in-worker';
import { threadNice } from '../../server/jobs/thread-priority';
import type { NiceOutput } from './fixtures/nice-task';

const task = new URL('./fixtures/echo-task.ts', import.meta.url);
const niceTask = new URL('./fixtures/nice-task.ts', import.meta.url);
const linux = process.platform === 'linux';

describe('runInWorker', () => {
  it('runs a .ts task in a worker thread and streams progress', async () => {
    const seen: unknown[] = [];
    const out = await runInWorker(task, { value: 21, steps: 3 }, { onProgress: (p) => seen.push(p) });
    expect(out).toEqual({ doubled: 42 });
    expect(seen).toEqual([{ step: 1 }, { step: 2 }, { step: 3 }]);
  });

  it('keeps the event loop free while the worker computes', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    await runInWorker(task, { value: 1, steps: 10, busyMs: 60 });
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(10);
  });

  it('rejects with the worker error', async () => {
    await expect(runInWorker(task, { value: 1, steps: 1, fail: true })).rejects.toThrow('task failed on purpose');
  });

  it('cancels: abort terminates the worker and rejects with AbortError', async () => {
    const ac = new AbortController();
    const run = runInWorker(task, { value: 1, steps: 1000, busyMs: 20 }, {
      signal: ac.signal,
      onProgress: () => ac.abort(),
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
  });

  it.runIf(linux)('lowers the worker thread to the nice value asked for (its own threads too), not the main thread', async () => {
    const before = threadNice() as number;
    const out = await runInWorker<unknown, NiceOutput>(niceTask, {}, { nice: 13, onNiceFailed: (reason) => expect.fail(reason) });
    expect(out).toEqual({ nice: 13, childNice: 13 });
    expect(threadNice()).toBe(before); // the caller's thread keeps its priority
    expect(out.nice).toBeGreaterThan(before);
    // without the option the worker runs at the caller's priority
    expect(await runInWorker<unknown, NiceOutput>(niceTask, {})).toMatchObject({ nice: before });
  });

  it('says why when the nice value cannot be set, and runs the task anyway', async () => {
    const reasons: string[] = [];
    const out = await runInWorker<unknown, NiceOutput>(niceTask, {}, { nice: 42, onNiceFailed: (reason) => reasons.push(reason) });
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toMatch(linux ? /setpriority\(\d+, 42\) failed/ : /needs Linux/);
    expect(out.nice).toBe(linux ? threadNice() : null);
  });
});
