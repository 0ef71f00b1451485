import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../server/ml/backend';
import { loadCheckpoint, } from '../../server/ml/model/checkpoint';
import { ROUTES } from '../../shared/contract';
import type { Job } from '../../shared/schemas/jobs';
import { repoRoot, startTestApp, type TestApp } from '../helpers/app';
import { activateNanoPolicy, activateNanoRewardModel, storeTaskPrompts, waitForJob } from '../helpers/policy-jobs';

beforeAll(async () => {
  await initBackend();
});

function storePlainPrompts(app: TestApp, texts: string[]): void {
  for (const text of texts) app.server.ctx.store.prompts.upsert({ text });
}

type Result = { policy: { id: number; version: number }; activated: boolean; prompts: number; kept: number };

/** Runs a best_of_n job to success and checks the new, inactive version against its parent. */
async function runJob(app: TestApp, parent: { id: number; dir: string }, config: Record<string, unknown>) {
  const created = await app.admin.post<Job>(ROUTES.adminJobCreate.path, { kind: 'best_of_n', config });
  expect(created.status).toBe(201);
  const job = await waitForJob(app, created.body.id);
  expect(job.error ?? null).toBeNull();
  expect(job.status).toBe('succeeded');
  const result = job.result as Result;
  expect(result).toMatchObject({ policy: { version: 2 }, activated: false });
  expect(job.metrics).toHaveProperty('objective/picked_score');
  expect(job.metrics).toHaveProperty('loss/train');

  const { store } = app.server.ctx;
  expect(store.policies.active()?.id).toBe(parent.id); // not activated automatically
  const row = store.db
    .prepare<[number], { parentId: number; checkpointPath: string; config: string }>(
      'SELECT parent_id AS parentId, checkpoint_path AS checkpointPath, config FROM policies WHERE id = ?',
    )
    .get(result.policy.id);
  expect(row?.parentId).toBe(parent.id);
  expect(row?.checkpointPath).toContain(join(app.dir, 'policies'));
  expect(JSON.parse(row!.config)).toMatchObject({ algorithm: 'best_of_n', jobId: job.id });
  const { model, meta } = await loadCheckpoint(row!.checkpointPath);
  expect(meta).toMatchObject({ parent: parent.dir, rl: { algorithm: 'best_of_n', n: config.n } });
  model.dispose();
  return { job, result, meta };
}

describe('best_of_n job', () => {
  let app: TestApp;
  afterEach(() => app?.close());

  it('refuses bad configs and missing inputs with a 4xx, creating no job', async () => {
    app = await startTestApp();
    const create = (config: unknown) =>
      app.admin.post<{ error: { code: string; message: string } }>(ROUTES.adminJobCreate.path, { kind: 'best_of_n', config });
    expect((await create({})).body.error?.code).toBe('no_policy');
    await activateNanoPolicy(app);
    const noRm = await create({});
    expect(noRm.status).toBe(409);
    expect(noRm.body.error).toMatchObject({ code: 'no_reward_model', message: expect.stringContaining('rmWeight 0') });
    expect((await create({ rmWeight: 0, verifierWeight: 1 })).body.error?.code).toBe('no_task_prompts');
    const { rewardModels } = app.server.ctx.store;
    rewardModels.activate(rewardModels.register({ checkpointPath: join(app.dir, 'gone'), trainedOnLabelCount: 0, valAccuracy: null }).id);
    const gone = await create({});
    expect(gone.status).toBe(409);
    expect(gone.body.error).toMatchObject({ code: 'no_reward_model', message: expect.stringContaining('no checkpoint on disk') });
    await activateNanoRewardModel(app);
    expect((await create({})).body.error?.code).toBe('no_prompts');
    storePlainPrompts(app, ['say hi']);
    expect((await create({ rmWeight: 0, verifierWeight: 1 })).body.error?.code).toBe('no_task_prompts'); // plain prompts have no verifier

    const bad = await create({ n: 1 });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'invalid_request', message: expect.stringContaining('best_of_n') });
    expect((await create({ rmWeight: 0, verifierWeight: 0 })).status).toBe(400);
    expect((await create({ lr: -1 })).status).toBe(400);
    expect((await create({ temperature: 0 })).status).toBe(400);
    expect((await create({ surprise: true })).status).toBe(400);
    expect(app.server.ctx.store.db.prepare("SELECT COUNT(*) AS n FROM jobs WHERE kind = 'best_of_n'").get()).toEqual({ n: 0 });
  });

  it('fine-tunes the active policy on its best answers by the active reward model and registers a new, inactive version', async () => {
    app = await startTestApp();
    const parent = await activateNanoPolicy(app);
    const rm = await activateNanoRewardModel(app);
    storePlainPrompts(app, ['say hi', 'name a colour', 'count to three']);
    storeTaskPrompts(app, 3);
    const { result, meta } = await runJob(app, parent, { n: 2, maxNewTokens: 4, maxPrompts: 5, lr: 1e-3 });
    expect(result).toMatchObject({ prompts: 5, kept: 5 }); // every train prompt counts, with or without a verifier
    expect(meta).toMatchObject({ rewardModelId: rm.id, rl: { rewardModel: rm.dir } });
  });

  it('uses the verifier alone with rmWeight 0 (no reward model needed), only on task prompts', async () => {
    app = await startTestApp();
    const parent = await activateNanoPolicy(app);
    storePlainPrompts(app, ['say hi']);
    storeTaskPrompts(app, 4);
    const { result, meta } = await runJob(app, parent, { n: 3, maxNewTokens: 4, rmWeight: 0, verifierWeight: 1 });
    expect(result).toMatchObject({ prompts: 4, kept: 4 });
    expect(meta).toMatchObject({ rewardModelId: null, rl: { rewardModel: null } });

    // `prefloop train-policy --algo best-of-n` queues the same kind on the running server and follows it
    const token = (await app.admin.post<{ token: string }>(ROUTES.adminTokenCreate.path, { label: 'cli' })).body.token;
    const config = JSON.stringify({ n: 2, maxNewTokens: 4, rmWeight: 0, verifierWeight: 1 });
    const { stdout } = await promisify(execFile)(process.execPath, ['scripts/prefloop.mjs', 'train-policy', '--algo', 'best-of-n', '--config', config, '--seed', '1'], {
      cwd: repoRoot,
      env: { ...process.env, PREFLOOP_URL: app.url, PREFLOOP_TOKEN: token },
    });
    expect(stdout).toMatch(/Job \d+ \(best_of_n\) queued/);
    expect(stdout).toMatch(/\(best_of_n\): succeeded/);
    expect(app.server.ctx.store.policies.active()?.id).toBe(parent.id);
  }, 120_000);
});
