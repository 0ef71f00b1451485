import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Job } from '../../shared/schemas/jobs';
import { JobScheduler } from '../../server/jobs/scheduler';
import { threadNice } from '../../server/jobs/thread-priority';
import { noLiveUpdates } from '../../server/live';
import { busyKind, fakeRmKind, niceKind } from './fixtures/kinds';
import { type SchedulerRig, schedulerRig, waitFor } from './helpers';

const heartbeats = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').length : 0);
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('JobScheduler', () => {
  let rig: SchedulerRig;
  afterEach(async () => rig?.close());

  it('runs a job in a worker: progress, metric records in step order, the result', async () => {
    rig = schedulerRig({ generate: busyKind });
    rig.scheduler.start();
    const job = rig.scheduler.submit({ kind: 'generate', config: { value: 21, steps: 5, busyMs: 20 } });
    expect(job).toMatchObject({ status: 'queued', kind: 'generate', config: { value: 21, steps: 5, busyMs: 0 + 20 } });
    await rig.scheduler.idle();

    const done = rig.scheduler.detail(job.id);
    expect(done).toMatchObject({ status: 'succeeded', progress: 1, result: { doubled: 42, steps: 5 }, error: null, message: 'step 5/5' });
    expect(done.startedAt).not.toBeNull();
    expect(done.finishedAt).not.toBeNull();
    expect(done.metrics).toEqual({ step: 5, 'loss/train': 1 / 5, 'time/step_ms': 20 });
    expect(done.series['loss/train']).toEqual([1, 2, 3, 4, 5].map((s) => [s, 1 / s]));
    expect(done.series['time/step_ms'].map(([step]) => step)).toEqual([1, 2, 3, 4, 5]);

    // every record reached the events once, in order, batched (never more events than records)
    const records = rig.progress.filter((p) => p.jobId === job.id).flatMap((p) => p.records);
    expect(records.map((r) => r.step)).toEqual([1, 2, 3, 4, 5]);
    expect(rig.updates.filter((u) => u.id === job.id).map((u) => u.status)).toEqual(['queued', 'running', 'succeeded']);
  });

  it('marks a job whose worker throws failed with its message, and goes on with the next', async () => {
    rig = schedulerRig({ generate: busyKind });
    rig.scheduler.start();
    const bad = rig.scheduler.submit({ kind: 'generate', config: { fail: true } });
    const good = rig.scheduler.submit({ kind: 'generate', config: { value: 2 } });
    await rig.scheduler.idle();
    expect(rig.store.jobs.get(bad.id)).toMatchObject({ status: 'failed', error: `job ${bad.id} failed on purpose`, result: null });
    expect(rig.store.jobs.get(good.id)).toMatchObject({ status: 'succeeded', result: { doubled: 4 } });
  });

  it('marks a job whose worker crashes (exits) failed', async () => {
    rig = schedulerRig({ generate: busyKind });
    rig.scheduler.start();
    const job = rig.scheduler.submit({ kind: 'generate', config: { crash: true, steps: 3 } });
    await rig.scheduler.idle();
    expect(rig.store.jobs.get(job.id)).toMatchObject({ status: 'failed', error: expect.stringContaining('exited with code 3') });
  });

  it('cancels a queued job at once, and a running one by terminating its worker', async () => {
    rig = schedulerRig({ generate: busyKind });
    rig.scheduler.start();
    const heartbeat = join(rig.dir, 'heartbeat');
    const running = rig.scheduler.submit({ kind: 'generate', config: { steps: 10_000, busyMs: 20, heartbeat } });
    const queued = rig.scheduler.submit({ kind: 'generate', config: {} });
    await waitFor('the first heartbeat', () => heartbeats(heartbeat) > 0);

    expect(await rig.scheduler.cancel(queued.id)).toMatchObject({ status: 'cancelled', startedAt: null });
    const cancelled = await rig.scheduler.cancel(running.id);
    expect(cancelled).toMatchObject({ status: 'cancelled', error: 'the job was cancelled' });
    expect(cancelled.finishedAt).not.toBeNull();

    // the worker is gone: its heartbeat stops (at most one step was in flight when it was terminated)
    await pause(100);
    const beats = heartbeats(heartbeat);
    await pause(300);
    expect(heartbeats(heartbeat)).toBe(beats);
    expect(beats).toBeLessThan(10_000);

    await expect(rig.scheduler.cancel(running.id)).rejects.toMatchObject({ status: 409, code: 'job_finished' });
    await expect(rig.scheduler.cancel(9999)).rejects.toMatchObject({ status: 404 });
    await rig.scheduler.idle();
    expect(rig.store.jobs.get(queued.id)?.status).toBe('cancelled'); // never ran
  });

  it.runIf(process.platform === 'linux')("runs job workers below the server thread's OS priority (nice 19 unless configured)", async () => {
    const serverNice = threadNice() as number;
    rig = schedulerRig({ generate: niceKind });
    rig.scheduler.start();
    const job = rig.scheduler.submit({ kind: 'generate', config: {} });
    await rig.scheduler.idle();
    expect(rig.store.jobs.get(job.id)).toMatchObject({ status: 'succeeded', result: { nice: 19, childNice: 19 } });
    expect(serverNice).toBeLessThan(19);
    expect(threadNice()).toBe(serverNice); // the server's own thread is untouched

    await rig.close();
    rig = schedulerRig({ generate: niceKind }, { jobNice: 10 });
    rig.scheduler.start();
    const higher = rig.scheduler.submit({ kind: 'generate', config: {} });
    await rig.scheduler.idle();
    expect(rig.store.jobs.get(higher.id)).toMatchObject({ status: 'succeeded', result: { nice: 10 } });
  });

  it('logs once, and still runs jobs, when job workers cannot be given a lower priority', async () => {
    rig = schedulerRig({});
    const lines: string[] = [];
    const log = { info: (line: string) => lines.push(line), error: (line: string) => lines.push(line) };
    const scheduler = new JobScheduler({ ctx: { store: rig.store, log, live: noLiveUpdates }, kinds: { generate: niceKind }, jobNice: 99 });
    scheduler.start();
    const jobs = [1, 2].map(() => scheduler.submit({ kind: 'generate', config: {} }));
    await scheduler.idle();
    await scheduler.stop();
    for (const job of jobs) expect(rig.store.jobs.get(job.id)?.status).toBe('succeeded');
    expect(lines.filter((line) => line.includes('normal priority'))).toHaveLength(1);
  });

  it('runs queued jobs one at a time, in the order they were queued', async () => {
    rig = schedulerRig({ generate: busyKind });
    const runningAtStart: number[] = [];
    const jobs: Job[] = [];
    for (let i = 0; i < 4; i++) jobs.push(rig.scheduler.submit({ kind: 'generate', config: { value: i, steps: 2, busyMs: 30 } }));
    rig.scheduler.start();
    const started: number[] = [];
    const poll = setInterval(() => {
      runningAtStart.push(rig.store.jobs.page({ status: 'running', limit: 10, offset: 0 }).total);
    }, 5);
    await rig.scheduler.idle();
    clearInterval(poll);
    for (const u of rig.updates) if (u.status === 'running') started.push(u.id);
    expect(started).toEqual(jobs.map((j) => j.id));
    expect(Math.max(...runningAtStart)).toBe(1);
    const rows = jobs.map((j) => rig.store.jobs.get(j.id) as Job);
    expect(rows.every((r) => r.status === 'succeeded')).toBe(true);
    for (let i = 1; i < rows.length; i++) expect(rows[i].startedAt! >= rows[i - 1].finishedAt!).toBe(true);
  });

  it('refuses a config its kind does not accept (400, no row) and kinds it does not run', () => {
    rig = schedulerRig({ generate: busyKind });
    expect(() => rig.scheduler.submit({ kind: 'generate', config: { steps: 0 } })).toThrow(
      expect.objectContaining({ status: 400, code: 'invalid_request', details: [expect.objectContaining({ path: 'steps' })] }),
    );
    expect(() => rig.scheduler.submit({ kind: 'generate', config: { busyMs: 'slow' } })).toThrow(expect.objectContaining({ status: 400 }));
    expect(() => rig.scheduler.submit({ kind: 'ppo', config: {} })).toThrow(expect.objectContaining({ status: 400, code: 'unknown_job_kind' }));
    expect(rig.store.jobs.page({ limit: 10, offset: 0 }).total).toBe(0);
  });

  it('stop() interrupts the running job; a restart marks jobs left running interrupted; rerun makes a new job', async () => {
    rig = schedulerRig({ generate: busyKind });
    rig.scheduler.start();
    const job = rig.scheduler.submit({ kind: 'generate', config: { value: 5, steps: 10_000, busyMs: 10 } });
    const queued = rig.scheduler.submit({ kind: 'generate', config: { value: 6 } });
    await waitFor('the job to run', () => rig.store.jobs.get(job.id)?.status === 'running');
    await rig.scheduler.stop();
    expect(rig.store.jobs.get(job.id)).toMatchObject({ status: 'interrupted' });
    expect(rig.store.jobs.get(queued.id)).toMatchObject({ status: 'queued' });

    // a server killed mid-job leaves the row running: the next start marks it interrupted
    rig.store.db.prepare("UPDATE jobs SET status = 'running', finished_at = NULL WHERE id = ?").run(job.id);
    const restarted = rig.restart();
    expect(restarted.start()).toBe(1);
    expect(rig.store.jobs.get(job.id)).toMatchObject({ status: 'interrupted', error: expect.stringContaining('server stopped') });

    expect(() => restarted.rerun(queued.id)).toThrow(expect.objectContaining({ status: 409, code: 'job_active' }));
    const again = restarted.rerun(job.id);
    expect(again).toMatchObject({ kind: 'generate', parentJobId: job.id, status: 'queued', config: rig.store.jobs.get(job.id)?.config });
    await restarted.cancel(again.id); // 10,000 steps: not worth waiting for
    await restarted.idle();
    expect(rig.store.jobs.get(queued.id)).toMatchObject({ status: 'succeeded', result: { doubled: 12 } });
  });
});

describe('the reward-model schedule (onLabelsCommitted)', () => {
  let rig: SchedulerRig;
  afterEach(async () => rig?.close());

  /** n real labels: one pair, n annotators. */
  function addLabels(n: number) {
    const { db } = rig.store;
    const first = (db.prepare('SELECT count(*) FROM users').pluck().get() as number) + 1;
    db.exec(`INSERT OR IGNORE INTO prompts (id, text, text_hash) VALUES (1, 'p', 'h');
      INSERT OR IGNORE INTO responses (id, prompt_id, model_name, text) VALUES (1, 1, 'x', 'a'), (2, 1, 'y', 'b');
      INSERT OR IGNORE INTO comparisons (id, prompt_id, response_a, response_b) VALUES (1, 1, 1, 2);`);
    for (let i = first; i < first + n; i++) {
      db.prepare("INSERT INTO users (id, name, role, password_hash) VALUES (?, ?, 'annotator', 'x')").run(i, `ann${i}`);
      db.prepare("INSERT INTO labels (comparison_id, user_id, choice, strength, shown_order, time_ms, idempotency_key) VALUES (1, ?, 'a', 1, 'ab', 1, ?)").run(i, `k${i}`);
    }
  }
  const rmJobs = () => rig.store.jobs.page({ kind: 'rm', limit: 50, offset: 0 });

  it('is a no-op while no rm kind is registered', () => {
    rig = schedulerRig({ generate: busyKind });
    rig.store.settings.setRmRetrainEveryLabels(2);
    addLabels(5);
    expect(rig.scheduler.checkRewardModelSchedule()).toBeUndefined();
    expect(rig.store.jobs.page({ limit: 10, offset: 0 }).total).toBe(0);
  });

  it('queues one rm job once N labels arrived since the newest reward model, never two at a time', async () => {
    rig = schedulerRig({ rm: fakeRmKind }, { retrainCheckMs: 20 });
    expect(rig.store.settings.rmRetrainEveryLabels()).toBe(200); // the default
    rig.store.settings.setRmRetrainEveryLabels(3);
    addLabels(2);
    expect(rig.scheduler.checkRewardModelSchedule()).toBeUndefined();
    addLabels(1);
    // many commits in a burst: one check, one job
    for (let i = 0; i < 20; i++) rig.scheduler.onLabelsCommitted();
    await waitFor('an rm job', () => rmJobs().total > 0);
    await pause(100);
    expect(rmJobs().total).toBe(1);
    expect(rig.scheduler.checkRewardModelSchedule()).toBeUndefined(); // one is queued already

    rig.scheduler.start();
    await rig.scheduler.idle();
    expect(rmJobs().items[0]).toMatchObject({ status: 'succeeded', result: { version: 1, trainedOnLabels: 3 } });
    expect(rig.scheduler.checkRewardModelSchedule()).toBeUndefined(); // 0 new labels since that model
    addLabels(2);
    expect(rig.scheduler.checkRewardModelSchedule()).toBeUndefined();
    addLabels(1);
    expect(rig.scheduler.checkRewardModelSchedule()).toMatchObject({ kind: 'rm', status: 'queued', config: { epochs: 1 } });
  });
});
