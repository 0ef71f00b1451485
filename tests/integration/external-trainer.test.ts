// The external-trainer job kind (server/jobs/kinds/external-trainer.ts) with a tiny node script as the trainer
// (fixtures/fake-trainer.mjs): it reads the snapshot file, its lines stream into the job (message, metric
// records, a log file), a non-zero exit fails the job, and cancelling kills its whole process group.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPath, ROUTES } from '../../shared/contract';
import type { Job, JobDetail } from '../../shared/schemas/jobs';
import type { Snapshot } from '../../shared/schemas/snapshots';
import { repoRoot, type TestApp, startTestApp } from '../helpers/app';
import { waitForJob } from '../helpers/policy-jobs';

const TRAINER = join(repoRoot, 'tests/integration/fixtures/fake-trainer.mjs');
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('external-trainer jobs', () => {
  let app: TestApp;
  let snapshot: Snapshot;
  const allowed = process.env.PREFLOOP_TRAINER_COMMANDS;
  const start = (config: Record<string, unknown>) => app.admin.post<Job>(ROUTES.adminJobCreate.path, { kind: 'external', config: { snapshotId: snapshot.id, ...config } });
  const trainer = (...args: string[]) => [process.execPath, TRAINER, '{snapshot}', '{outDir}', ...args];
  const datasetTrainer = [process.execPath, TRAINER, '{datasetDir}/for-trl-v1.jsonl', '{outDir}'];

  beforeAll(async () => {
    process.env.PREFLOOP_TRAINER_COMMANDS = `python3,${process.execPath}`;
    app = await startTestApp();
    const content = [1, 2, 3, 4].map((i) => JSON.stringify({ prompt: `Q${i}`, chosen: `good ${i}`, rejected: `bad ${i}` })).join('\n');
    expect((await app.admin.post(ROUTES.adminImportLabelledPairs.path, { format: 'trl', content })).status).toBe(200);
    snapshot = (await app.admin.route(ROUTES.adminSnapshotCreate, { body: { name: 'for-trl', format: 'trl' } })).body;
  });
  afterAll(async () => {
    await app.close();
    if (allowed === undefined) delete process.env.PREFLOOP_TRAINER_COMMANDS;
    else process.env.PREFLOOP_TRAINER_COMMANDS = allowed;
  });

  it('runs the command on the snapshot file and streams its lines into the job', async () => {
    const created = await start({ command: trainer(), env: { TRAINER_FLAVOUR: 'fake' } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const job = await waitForJob(app, created.body.id);
    expect(job.error).toBeNull();
    expect(job.status).toBe('succeeded');
    const result = job.result as { exitCode: number; lines: number; outDir: string; logFile: string; tail: string[]; snapshot: { id: number; sha256: string } };
    expect(result).toMatchObject({ exitCode: 0, lines: 6, snapshot: { id: snapshot.id, sha256: snapshot.sha256 } });
    expect(result.outDir).toBe(join(app.dir, 'external-trainers', `job${job.id}`));
    expect(readFileSync(join(result.outDir, 'model.txt'), 'utf8')).toBe('trained on 4 rows');
    const log = readFileSync(result.logFile, 'utf8');
    expect(log).toContain(`loaded 4 rows from ${join(app.dir, 'snapshots', 'for-trl-v1.jsonl')}`);
    expect(log).toContain('! warning: no GPU'); // stderr lines are marked
    // stdout and stderr are two pipes: their lines interleave in any order
    expect(result.tail.filter((l) => !l.startsWith('{') && !l.startsWith('loaded'))).toEqual(expect.arrayContaining(['done', 'warning: no GPU, training on the CPU']));
    expect(['done', 'warning: no GPU, training on the CPU']).toContain(job.message); // the job's message: the latest line
    expect(job.progress).toBe(1); // the last metric line's progress
    const detail = (await app.admin.get<JobDetail>(buildPath(ROUTES.adminJob.path, { id: job.id }))).body;
    expect(detail.series.loss).toEqual([
      [1, 1],
      [2, 0.5],
      [3, 1 / 3],
    ]);
    expect(existsSync(join(result.outDir, 'trainer.pid'))).toBe(false);

    // {datasetDir}: a folder with only the snapshot's file in it (what TRL's --dataset_name reads)
    const viaDir = await waitForJob(app, (await start({ command: datasetTrainer })).body.id);
    const dirResult = viaDir.result as { outDir: string; tail: string[] };
    expect(dirResult.tail).toContain(`loaded 4 rows from ${join(dirResult.outDir, 'dataset', 'for-trl-v1.jsonl')}`);
    expect(readdirSync(join(dirResult.outDir, 'dataset'))).toEqual(['for-trl-v1.jsonl']);
  }, 60_000);

  it('fails the job on a non-zero exit, quoting the last stderr line', async () => {
    const job = await waitForJob(app, (await start({ command: trainer('--exit', '3') })).body.id);
    expect(job.status).toBe('failed');
    expect(job.error).toBe(`${process.execPath} exited with code 3: warning: no GPU, training on the CPU`);
    const missing = await waitForJob(app, (await start({ command: ['python3', '/nonexistent/train.py'], cwd: '/nonexistent-folder' })).body.id);
    expect(missing.status).toBe('failed');
    expect(missing.error).toContain('could not start python3');
  }, 60_000);

  it('kills the trainer and everything it started when the job is cancelled', async () => {
    const pidFile = join(app.dir, 'hang.pids');
    const created = await start({ command: trainer('--hang', pidFile) });
    for (let i = 0; i < 200 && !existsSync(pidFile); i++) await new Promise((r) => setTimeout(r, 50));
    const pids = readFileSync(pidFile, 'utf8').split(' ').map(Number);
    expect(pids.every(alive)).toBe(true);
    const cancelled = await app.admin.post<Job>(buildPath(ROUTES.adminJobCancel.path, { id: created.body.id }));
    expect(cancelled.body.status).toBe('cancelled');
    for (let i = 0; i < 100 && pids.some(alive); i++) await new Promise((r) => setTimeout(r, 50));
    expect(pids.filter(alive)).toEqual([]);
  }, 60_000);

  it('refuses programs the operator did not allow, unknown snapshots and bad configs, before queueing', async () => {
    const refused = async (config: Record<string, unknown>, status: number, code: string) => {
      const response = await app.admin.post<{ error: { code: string } }>(ROUTES.adminJobCreate.path, { kind: 'external', config });
      expect(response.status, JSON.stringify(config)).toBe(status);
      expect(response.body.error.code).toBe(code);
    };
    const jobs = () => app.server.db.prepare('SELECT count(*) FROM jobs').pluck().get();
    const before = jobs();
    await refused({ snapshotId: snapshot.id, command: ['bash', '-c', 'rm -rf /'] }, 403, 'trainer_not_allowed');
    await refused({ snapshotId: 999, command: ['python3', 'train.py'] }, 404, 'not_found');
    await refused({ snapshotId: snapshot.id, command: [] }, 400, 'invalid_request');
    await refused({ snapshotId: snapshot.id, command: 'python3 train.py' }, 400, 'invalid_request');
    await refused({ snapshotId: snapshot.id, command: ['python3'], env: { 'BAD NAME': 'x' } }, 400, 'invalid_request');
    process.env.PREFLOOP_TRAINER_COMMANDS = '';
    await refused({ snapshotId: snapshot.id, command: ['python3', 'train.py'] }, 403, 'trainers_disabled');
    process.env.PREFLOOP_TRAINER_COMMANDS = `python3,${process.execPath}`;
    expect(jobs()).toBe(before);
  });
});
