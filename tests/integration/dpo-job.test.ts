import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../shared/contract';
import type { Job } from '../../shared/schemas/jobs';
import { initBackend } from '../../server/ml/backend';
import { loadCheckpoint, } from '../../server/ml/model/checkpoint';
import { createRng } from '../../server/ml/random';
import { repoRoot, type TestApp, startTestApp } from '../helpers/app';
import { activateNanoPolicy, waitForJob } from '../helpers/policy-jobs';

beforeAll(async () => {
  await initBackend();
});

/** TRL rows whose preferred answer contains an 'x'; imported through the real labelled-pairs API. */
async function importPairs(app: TestApp, n: number): Promise<void> {
  const rand = createRng(5).next;
  const word = (len: number) => Array.from({ length: len }, () => 'abcdefgh'[Math.floor(rand() * 8)]).join('');
  const content = Array.from({ length: n }, (_, i) => JSON.stringify({ prompt: `Q${i}`, chosen: `${word(3)}x`, rejected: word(4) })).join('\n');
  const imported = await app.admin.post(ROUTES.adminImportLabelledPairs.path, { format: 'trl', content });
  expect(imported.status).toBe(200);
}

describe('dpo job', () => {
  let app: TestApp;
  afterEach(() => app?.close());

  it('refuses bad configs and missing inputs with a 4xx, creating no job', async () => {
    app = await startTestApp();
    const create = (config: unknown) => app.admin.post<{ error: { code: string; message: string } }>(ROUTES.adminJobCreate.path, { kind: 'dpo', config });
    expect((await create({})).body.error?.code).toBe('no_policy');
    await activateNanoPolicy(app);
    const noLabels = await create({});
    expect(noLabels.status).toBe(409);
    expect(noLabels.body.error).toMatchObject({ code: 'not_enough_labels', message: expect.stringContaining('No preference pairs') });
    await importPairs(app, 4);
    const bad = await create({ beta: 0 });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'invalid_request', message: expect.stringContaining('dpo') });
    expect((await create({ lr: -1 })).status).toBe(400);
    expect((await create({ batchSize: 0 })).status).toBe(400);
    expect((await create({ mode: 'unanimous' })).status).toBe(400);
    expect((await create({ surprise: true })).status).toBe(400);
    expect(app.server.ctx.store.db.prepare("SELECT COUNT(*) AS n FROM jobs WHERE kind = 'dpo'").get()).toEqual({ n: 0 });
  });

  it('trains the active policy on the stored labels in a worker and registers a new, inactive version; the CLI queues one too', async () => {
    app = await startTestApp();
    const parent = await activateNanoPolicy(app);
    await importPairs(app, 40);
    const config = { steps: 3, batchSize: 8, microBatchSize: 4, maxLen: 32, lr: 1e-3, heldoutFraction: 0.25 };
    const created = await app.admin.post<Job>(ROUTES.adminJobCreate.path, { kind: 'dpo', config });
    expect(created.status).toBe(201);
    const job = await waitForJob(app, created.body.id);
    expect(job.error ?? null).toBeNull();
    expect(job.status).toBe('succeeded');
    const result = job.result as { policy: { id: number; version: number }; activated: boolean; steps: number; pairs: { train: number; eval: number }; valAccuracy: number };
    expect(result).toMatchObject({ policy: { version: 2 }, activated: false, steps: 3 });
    expect(result.pairs.train + result.pairs.eval).toBe(40);
    expect(result.pairs.eval).toBeGreaterThan(0);
    expect(result.valAccuracy).toBeGreaterThanOrEqual(0);
    for (const key of ['loss/dpo', 'rewards/margins', 'rewards/accuracies', 'logps/chosen', 'grad_norm', 'eval/rewards/accuracies']) {
      expect(job.metrics, key).toHaveProperty(key);
    }

    const { store } = app.server.ctx;
    expect(store.policies.active()?.id).toBe(parent.id); // not activated automatically
    const row = store.db
      .prepare<[number], { parentId: number; checkpointPath: string; config: string; metrics: string }>(
        'SELECT parent_id AS parentId, checkpoint_path AS checkpointPath, config, metrics FROM policies WHERE id = ?',
      )
      .get(result.policy.id);
    expect(row?.parentId).toBe(parent.id);
    expect(row?.checkpointPath).toContain(join(app.dir, 'policies'));
    expect(JSON.parse(row!.config)).toMatchObject({ algorithm: 'dpo', jobId: created.body.id, steps: 3 });
    expect(JSON.parse(row!.metrics)).toMatchObject({ 'eval/rewards/accuracies': result.valAccuracy, steps: 3 });
    const { model, meta } = await loadCheckpoint(row!.checkpointPath);
    expect(meta).toMatchObject({ parent: parent.dir, rl: { algorithm: 'dpo', steps: 3 } });
    model.dispose();

    // `prefloop train-policy --algo dpo` queues the same kind on the running server (not followed here)
    const token = (await app.admin.post<{ token: string }>(ROUTES.adminTokenCreate.path, { label: 'cli' })).body.token;
    const { stdout } = await promisify(execFile)(process.execPath, ['scripts/prefloop.mjs', 'train-policy', '--algo', 'dpo', '--steps', '1', '--no-follow'], {
      cwd: repoRoot,
      env: { ...process.env, PREFLOOP_URL: app.url, PREFLOOP_TOKEN: token },
    });
    expect(stdout).toMatch(/Job \d+ \(dpo\) queued/);
    expect((await waitForJob(app, created.body.id + 1)).status).toBe('succeeded'); // the defaults, one step
  }, 300_000);
});
