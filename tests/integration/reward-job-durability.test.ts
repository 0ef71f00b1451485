// The real reward-model job under load and under kill -9: annotators' labels are acknowledged while it trains (its
// work is in a worker thread), and a server killed mid-training restarts with the job `interrupted`, no reward-model
// version registered or active, and no complete checkpoint folder from the killed run.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { API } from '../../shared/api';
import { buildPath, ROUTES } from '../../shared/contract';
import type { Job, JobDetail } from '../../shared/schemas/jobs';
import type { AssignmentView } from '../../shared/schemas/queue';
import { createRng } from '../../server/ml/random';
import { startTestApp, type TestApp } from '../helpers/app';
import { type ChildServer, spawnServer, waitForExit } from '../helpers/child';
import { ApiClient } from '../helpers/client';
import { importPairs, labelFor } from '../helpers/data';
import { activateNanoPolicy } from '../helpers/policy-jobs';
import { waitFor } from '../jobs/helpers';

/** TRL rows (already labelled) to train on; the chosen answer contains an 'x'. */
function trlRows(n: number): string {
  const rand = createRng(3).next;
  const word = () => Array.from({ length: 6 }, () => 'abcdefgh'[Math.floor(rand() * 8)]).join('');
  return Array.from({ length: n }, (_, i) => JSON.stringify({ prompt: `T${i}`, chosen: `${word()}x`, rejected: word() })).join('\n');
}

const jobStatus = async (client: ApiClient, id: number) => (await client.get<Job>(buildPath(ROUTES.adminJob.path, { id }))).body.status;
/** Training steps the job has recorded so far (0 until its first). */
const trainedSteps = async (client: ApiClient, id: number) => (await client.get<JobDetail>(buildPath(ROUTES.adminJob.path, { id }))).body.series['loss/train']?.length ?? 0;

describe('a reward-model job and the annotators', () => {
  let app: TestApp;
  afterAll(() => app?.close());

  it('acknowledges every label submitted while the job trains', async () => {
    app = await startTestApp();
    await activateNanoPolicy(app);
    expect((await app.admin.post(ROUTES.adminImportLabelledPairs.path, { format: 'trl', content: trlRows(300) })).status).toBe(200);
    await importPairs(app.admin, 12, 'queue');
    const annotator = await app.user('ann');
    const created = await app.admin.post<Job>(ROUTES.adminJobCreate.path, { kind: 'rm', config: { steps: 100_000, maxLen: 64, wordPrior: false } });
    expect(created.status).toBe(201);
    await waitFor('the rm job to train', () => trainedSteps(app.admin, created.body.id), 1200, 100);

    const took: number[] = [];
    for (let round = 0; round < 2; round++) {
      const next = await annotator.post<{ assignments: AssignmentView[] }>(API.queueNext, { count: 5 });
      expect(next.status, next.text).toBe(200);
      expect(next.body.assignments.length).toBe(5);
      for (const a of next.body.assignments) {
        const t0 = performance.now();
        const ack = await annotator.post(API.labels, labelFor(a.assignmentId));
        took.push(performance.now() - t0);
        expect(ack.status).toBe(201);
        expect(await jobStatus(app.admin, created.body.id)).toBe('running'); // acknowledged while it trained
      }
    }
    console.info(`10 labels acknowledged during rm training, slowest ${Math.max(...took).toFixed(0)} ms`);
    const stored = app.server.db.prepare("SELECT count(*) FROM labels l JOIN users u ON u.id = l.user_id WHERE u.name = 'ann'").pluck().get();
    expect(stored).toBe(10);
    expect((await app.admin.post(buildPath(ROUTES.adminJobCancel.path, { id: created.body.id }))).status).toBe(200);
    await waitFor('the job to stop', async () => (await jobStatus(app.admin, created.body.id)) === 'cancelled', 600, 100);
    expect(app.server.ctx.store.rewardModels.active() ?? null).toBeNull();
  }, 300_000);
});

describe('a reward-model job when the server is killed (kill -9)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'prefloop-rm-kill-'));
  const env = { PREFLOOP_DB: join(dir, 'prefloop.db'), PREFLOOP_ADMIN_PASSWORD: 'rm-kill-admin', PREFLOOP_DEMO: '1' }; // the starter policy as v1
  let server: ChildServer | undefined;
  afterAll(() => {
    server?.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('restarts with the job interrupted, no version registered or active, no finished checkpoint', async () => {
    server = await spawnServer(env, 180_000);
    let admin = await new ApiClient(server.url).login('admin', 'rm-kill-admin');
    expect((await admin.post(ROUTES.adminImportLabelledPairs.path, { format: 'trl', content: trlRows(200) })).status).toBe(200);
    const created = await admin.post<Job>(ROUTES.adminJobCreate.path, { kind: 'rm', config: { steps: 100_000, maxLen: 64, wordPrior: false } });
    expect(created.status, created.text).toBe(201);
    const id = created.body.id;
    await waitFor('the rm job to train', () => trainedSteps(admin, id), 1200, 200);
    server.child.kill('SIGKILL');
    await waitForExit(server.child);

    server = await spawnServer(env, 180_000);
    admin = await new ApiClient(server.url).login('admin', 'rm-kill-admin');
    const after = (await admin.get<Job>(buildPath(ROUTES.adminJob.path, { id }))).body;
    expect(after).toMatchObject({ status: 'interrupted', error: expect.stringContaining('server stopped') });
    const db = new Database(env.PREFLOOP_DB, { readonly: true });
    expect(db.prepare('SELECT count(*) FROM reward_models').pluck().get()).toBe(0);
    db.close();
    const folder = join(dir, 'reward-models');
    const finishedCheckpoints = existsSync(folder) ? readdirSync(folder).filter((name) => !name.includes('.tmp-')) : [];
    expect(finishedCheckpoints).toEqual([]); // the killed run never renamed a folder into place
    server.child.kill('SIGTERM');
    await waitForExit(server.child);
  }, 600_000);
});
