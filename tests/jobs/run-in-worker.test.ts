import { describe, expect, it } from 'vitest';
import { runInWorker } from '../../server/jobs/run-in-worker';

const task = new URL('./fixtures/echo-task.ts', import.meta.url);

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
});
