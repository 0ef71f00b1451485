import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPath, ROUTES } from '../../shared/contract';
import type { Page } from '../../shared/schemas/common';
import type { Job, JobDetail, JobProgress } from '../../shared/schemas/jobs';
import { ADMIN_PASSWORD, repoRoot, rowCount, startTestApp, type TestApp } from '../helpers/app';
import { type ChildServer, spawnServer, waitForExit } from '../helpers/child';
import { ApiClient } from '../helpers/client';
import { connectSocket, receivedEvents, type TestSocket } from '../helpers/socket';
import { TEST_JOB_KINDS } from '../jobs/fixtures/kinds';
import { waitFor } from '../jobs/helpers';

const JOBS = ROUTES.adminJobs.path;
const jobPath = (id: number, route: { path: string } = ROUTES.adminJob) => buildPath(route.path, { id });

/** Polls GET /api/admin/jobs/:id until the job has ended. */
async function finished(client: ApiClient, id: number): Promise<JobDetail> {
  return waitFor(`job ${id} to end`, async () => {
    const { body } = await client.get<JobDetail>(jobPath(id));
    return body.status !== 'queued' && body.status !== 'running' ? body : undefined;
  });
}
const statusOf = (app: TestApp, id: number) => app.server.db.prepare('SELECT status FROM jobs WHERE id = ?').pluck().get(id) as string;

describe('jobs over HTTP and socket.io', () => {
  let app: TestApp;
  let annotator: ApiClient;
  beforeAll(async () => {
    app = await startTestApp({ jobKinds: TEST_JOB_KINDS });
    annotator = await app.user('ann');
  });
  afterAll(async () => app?.close());

  it('queues a job, runs it in a worker, and shows it with its curves and result', async () => {
    const created = await app.admin.post<Job>(JOBS, { kind: 'generate', config: { value: 4, steps: 3 } });
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({ kind: 'generate', status: 'queued', config: { value: 4, steps: 3, busyMs: 0 }, createdBy: expect.any(Number) });
    const job = await finished(app.admin, created.body.id);
    expect(job).toMatchObject({ status: 'succeeded', result: { doubled: 8, steps: 3 }, progress: 1 });
    expect(job.series['loss/train']).toEqual([[1, 1], [2, 1 / 2], [3, 1 / 3]]);

    const list = await app.admin.get<Page<Job>>(`${JOBS}?kind=generate&status=succeeded&limit=5`);
    expect(list.status).toBe(200);
    expect(list.body.items.map((j) => j.id)).toContain(job.id);
    expect(list.body.items.every((j) => j.kind === 'generate' && j.status === 'succeeded')).toBe(true);
  });

  it('fails a job whose worker throws, with its message, and keeps serving', async () => {
    const created = await app.admin.post<Job>(JOBS, { kind: 'generate', config: { fail: true } });
    expect(await finished(app.admin, created.body.id)).toMatchObject({ status: 'failed', error: `job ${created.body.id} failed on purpose` });
    expect((await app.anonymous.get(ROUTES.health.path)).status).toBe(200);
    const next = await app.admin.post<Job>(JOBS, { kind: 'generate', config: { value: 1 } });
    expect(await finished(app.admin, next.body.id)).toMatchObject({ status: 'succeeded' });
  });

  it('cancels a running job and reruns it; says 409 when that makes no sense', async () => {
    const created = await app.admin.post<Job>(JOBS, { kind: 'generate', config: { steps: 10_000, busyMs: 20 } });
    await waitFor('the job to run', () => statusOf(app, created.body.id) === 'running');
    expect((await app.admin.post(jobPath(created.body.id, ROUTES.adminJobRerun))).status).toBe(409);
    const cancelled = await app.admin.post<Job>(jobPath(created.body.id, ROUTES.adminJobCancel));
    expect(cancelled.status, cancelled.text).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled' });
    const again = await app.admin.post<Job>(jobPath(created.body.id, ROUTES.adminJobCancel));
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ error: { code: 'job_finished', message: expect.any(String) } });

    const rerun = await app.admin.post<Job>(jobPath(created.body.id, ROUTES.adminJobRerun));
    expect(rerun.status, rerun.text).toBe(201);
    expect(rerun.body).toMatchObject({ kind: 'generate', parentJobId: created.body.id, config: created.body.config });
    await app.admin.post(jobPath(rerun.body.id, ROUTES.adminJobCancel));
    expect((await finished(app.admin, rerun.body.id)).status).toBe('cancelled');
    expect((await app.admin.get(jobPath(999_999))).status).toBe(404);
    expect((await app.admin.get(`${JOBS}/abc`)).status).toBe(400);
  });

  it('refuses bad input with 400 and stores no job', async () => {
    const before = rowCount(app, 'jobs');
    const bodies: unknown[] = [
      {},
      { config: {} },
      { kind: 'nope', config: {} },
      { kind: 'external', config: {} }, // a kind this server does not run
      { kind: 'generate', config: { steps: 0 } },
      { kind: 'generate', config: { busyMs: 'slow' } },
      { kind: 'generate', config: 'fast' },
      { kind: 'self_instruct', config: { target: 0 } },
    ];
    for (const body of bodies) {
      const r = await app.admin.post(JOBS, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
    }
    expect((await app.admin.get(`${JOBS}?status=done`)).status).toBe(400);
    expect((await app.admin.request('POST', JOBS, undefined, '{"kind":')).status).toBe(400);
    expect(rowCount(app, 'jobs')).toBe(before);
  });

  it('answers 403 to an annotator and 401 to anonymous on every jobs route', async () => {
    const before = rowCount(app, 'jobs');
    const routes = Object.values(ROUTES).filter((r) => r.path.startsWith(JOBS));
    expect(routes.length).toBe(5);
    for (const route of routes) {
      const path = buildPath(route.path, { id: 1 });
      const body = route.method === 'GET' ? undefined : { kind: 'generate', config: {} };
      expect((await annotator.request(route.method, path, body)).status, `${route.method} ${path}`).toBe(403);
      expect((await app.anonymous.request(route.method, path, body)).status, `${route.method} ${path}`).toBe(401);
    }
    expect(rowCount(app, 'jobs')).toBe(before);
  });

  it('streams job:progress and job:updated to admins, not to annotators', async () => {
    const adminSocket: TestSocket = await connectSocket(app.admin);
    const annotatorSocket: TestSocket = await connectSocket(annotator);
    try {
      const created = await app.admin.post<Job>(JOBS, { kind: 'generate', config: { steps: 6, busyMs: 100 } });
      await finished(app.admin, created.body.id);
      const events = () => receivedEvents(adminSocket).filter(([, p]) => (p as { jobId?: number; id?: number }).jobId === created.body.id || (p as { id?: number }).id === created.body.id);
      await waitFor('the succeeded event', () => events().some(([e, p]) => e === 'job:updated' && (p as Job).status === 'succeeded'));
      const progress = events().filter(([e]) => e === 'job:progress').map(([, p]) => p as JobProgress);
      expect(progress.length).toBeGreaterThan(0);
      expect(progress.flatMap((p) => p.records.map((r) => r.step))).toEqual([1, 2, 3, 4, 5, 6]);
      expect(progress.at(-1)).toMatchObject({ kind: 'generate', status: 'running', message: expect.stringMatching(/^step \d\/6$/) });
      expect(events().filter(([e]) => e === 'job:updated').map(([, p]) => (p as Job).status)).toEqual(['queued', 'running', 'succeeded']);
      expect(receivedEvents(annotatorSocket).filter(([e]) => e.startsWith('job:'))).toEqual([]);
    } finally {
      adminSocket.close();
      annotatorSocket.close();
    }
  });

  it('keeps the event loop free while a CPU-bound job runs (~2 s of busy loop in its worker)', async () => {
    const created = await app.admin.post<Job>(JOBS, { kind: 'generate', config: { steps: 20, busyMs: 100 } });
    await waitFor('the job to run', () => statusOf(app, created.body.id) === 'running', 600, 5);
    const t0 = performance.now();
    const answered: number[] = [];
    for (let i = 0; i < 5; i++) {
      const health = await app.anonymous.get(ROUTES.health.path);
      expect(health.status).toBe(200);
      answered.push(performance.now() - t0);
      expect(statusOf(app, created.body.id)).toBe('running'); // answered while the job still ran
    }
    console.info(`/api/health while a 2 s CPU-bound job ran: 5 answers within ${answered.at(-1)?.toFixed(0)} ms`);
    expect((await finished(app.admin, created.body.id)).status).toBe('succeeded');
  });

  it('prefloop jobs list|show|cancel against the running server (bearer token)', async () => {
    const token = (await app.admin.post<{ token: string }>(ROUTES.adminTokenCreate.path, { label: 'cli' })).body.token;
    const run = promisify(execFile);
    const cli = (...args: string[]) =>
      run(process.execPath, ['scripts/prefloop.mjs', 'jobs', ...args], { cwd: repoRoot, env: { ...process.env, PREFLOOP_URL: app.url, PREFLOOP_TOKEN: token } });
    const slow = await app.admin.post<Job>(JOBS, { kind: 'generate', config: { steps: 10_000, busyMs: 20 } });
    await waitFor('the job to run', () => statusOf(app, slow.body.id) === 'running');

    const list = await cli('list', '--kind', 'generate', '--limit', '3');
    expect(list.stdout.split('\n')[0]).toMatch(new RegExp(`^\\s*${slow.body.id}\\s+generate\\s+running`));
    const shown = await cli('show', String(slow.body.id));
    expect(shown.stdout).toContain(`Job ${slow.body.id} (generate): running`);
    const cancelled = await cli('cancel', String(slow.body.id));
    expect(cancelled.stdout.trim()).toBe(`Job ${slow.body.id} (generate): cancelled`);
    expect(statusOf(app, slow.body.id)).toBe('cancelled');

    await expect(cli('cancel', String(slow.body.id))).rejects.toMatchObject({ stderr: expect.stringContaining('already cancelled') });
    await expect(cli('show', 'x')).rejects.toMatchObject({ stderr: expect.stringContaining('needs a job id') });
    await expect(
      run(process.execPath, ['scripts/prefloop.mjs', 'jobs', 'list', '--url', app.url, '--token', 'wrong'], { cwd: repoRoot, env: { ...process.env, PREFLOOP_TOKEN: '' } }),
    ).rejects.toMatchObject({ stderr: expect.stringContaining('401') });
  });
});

describe('a job running when the server is killed (kill -9)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'prefloop-jobs-kill-'));
  const env = { PREFLOOP_DB: join(dir, 'prefloop.db'), PREFLOOP_ADMIN_PASSWORD: ADMIN_PASSWORD };
  const ENTRY = 'tests/jobs/fixtures/serve.ts';
  let server: ChildServer | undefined;
  afterAll(async () => {
    server?.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('is interrupted after the restart, and its rerun runs to the end', async () => {
    server = await spawnServer(env, 60_000, ENTRY);
    let admin = await new ApiClient(server.url).login('admin', ADMIN_PASSWORD);
    const created = await admin.post<Job>(JOBS, { kind: 'generate', config: { value: 3, steps: 10, busyMs: 100 } });
    expect(created.status, created.text).toBe(201);
    await waitFor('the job to run', async () => (await admin.get<Job>(jobPath(created.body.id))).body.status === 'running');
    server.child.kill('SIGKILL');
    await waitForExit(server.child);
    const db = new Database(env.PREFLOOP_DB, { readonly: true });
    expect(db.prepare('SELECT status FROM jobs WHERE id = ?').pluck().get(created.body.id)).toBe('running'); // as the killed server left it
    db.close();

    server = await spawnServer(env, 60_000, ENTRY);
    admin = await new ApiClient(server.url).login('admin', ADMIN_PASSWORD);
    const after = await admin.get<Job>(jobPath(created.body.id));
    expect(after.body).toMatchObject({ status: 'interrupted', error: expect.stringContaining('server stopped') });

    const rerun = await admin.post<Job>(jobPath(created.body.id, ROUTES.adminJobRerun));
    expect(rerun.status, rerun.text).toBe(201);
    expect(rerun.body).toMatchObject({ parentJobId: created.body.id, config: created.body.config });
    expect(await finished(admin, rerun.body.id)).toMatchObject({ status: 'succeeded', result: { doubled: 6, steps: 10 } });

    server.child.kill('SIGTERM');
    await waitForExit(server.child);
  });
});
