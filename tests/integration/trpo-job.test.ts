import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../shared/contract';
import type { Job } from '../../shared/schemas/jobs';
import { initBackend } from '../../server/ml/backend';
import { loadCheckpoint, } from '../../server/ml/model/checkpoint';
import { PRESETS } from '../../server/ml/model/config';
import { repoRoot, type TestApp, startTestApp } from '../helpers/app';
import { activateNanoPolicy, storeTaskPrompts, waitForJob } from '../helpers/policy-jobs';

beforeAll(async () => {
  await initBackend();
});

describe('trpo job', () => {
  let app: TestApp;
  afterEach(() => app?.close());

  it('refuses bad configs and missing inputs with a 4xx, creating no job', async () => {
    app = await startTestApp();
    const create = (config: unknown) => app.admin.post<{ error: { code: string; message: string } }>(ROUTES.adminJobCreate.path, { kind: 'trpo', config });
    expect((await create({})).body.error?.code).toBe('no_policy');
    await activateNanoPolicy(app);
    expect((await create({})).body.error?.code).toBe('no_reward_model'); // rmWeight defaults to 1
    expect((await create({ rmWeight: 0, verifierWeight: 1 })).body.error?.code).toBe('no_task_prompts');
    storeTaskPrompts(app, 4);
    for (const bad of [{ verifierWeight: 0 }, { maxKl: 0 }, { backtrack: 1 }, { klTolerance: 0.5 }, { cgIters: 0 }, { surprise: true }, { maxKl: 'small' }]) {
      const res = await create({ rmWeight: 0, verifierWeight: 1, ...bad });
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'invalid_request', message: expect.stringContaining('trpo') });
    }
    expect(app.server.ctx.store.db.prepare("SELECT COUNT(*) AS n FROM jobs WHERE kind = 'trpo'").get()).toEqual({ n: 0 });
  });

  it('trains the active policy on task prompts with the verifier as reward in a worker and registers a new, inactive version', async () => {
    app = await startTestApp();
    const parent = await activateNanoPolicy(app);
    storeTaskPrompts(app, 6);
    const config = { steps: 2, promptsPerStep: 4, maxNewTokens: 4, cgIters: 3, valueIters: 2, rmWeight: 0, verifierWeight: 1 };
    const created = await app.admin.post<Job>(ROUTES.adminJobCreate.path, { kind: 'trpo', config });
    expect(created.status).toBe(201);
    const job = await waitForJob(app, created.body.id);
    expect(job.error ?? null).toBeNull();
    expect(job.status).toBe('succeeded');
    expect(job.result).toMatchObject({ policy: { version: 2 }, activated: false, steps: 2 });
    for (const key of ['objective/kl', 'objective/scores', 'policy/kl_step', 'policy/accepted', 'policy/line_search_steps', 'loss/value', 'time/rollout_s']) {
      expect(job.metrics, key).toHaveProperty(key);
    }

    const { store } = app.server.ctx;
    expect(store.policies.active()?.id).toBe(parent.id); // not activated automatically
    const id = (job.result as { policy: { id: number } }).policy.id;
    const row = store.db
      .prepare<[number], { parentId: number; checkpointPath: string; config: string }>(
        'SELECT parent_id AS parentId, checkpoint_path AS checkpointPath, config FROM policies WHERE id = ?',
      )
      .get(id);
    expect(row?.parentId).toBe(parent.id);
    expect(row?.checkpointPath).toContain(join(app.dir, 'policies'));
    expect(JSON.parse(row!.config)).toMatchObject({ algorithm: 'trpo', rewardModelId: null, rmWeight: 0, verifierWeight: 1 });
    const { model, meta } = await loadCheckpoint(row!.checkpointPath);
    expect(meta).toMatchObject({ parent: parent.dir, rl: { algorithm: 'trpo', steps: 2, reward: { rmWeight: 0, verifierWeight: 1 } } });
    expect((meta.rl as { valueHead: { w: number[] } }).valueHead.w).toHaveLength(PRESETS.nano.nEmbd);
    model.dispose();

    // `prefloop train-policy --algo trpo` queues the same kind on the running server (not followed here)
    const token = (await app.admin.post<{ token: string }>(ROUTES.adminTokenCreate.path, { label: 'cli' })).body.token;
    const cliConfig = JSON.stringify({ ...config, cgIters: 2, valueIters: 1 });
    const { stdout } = await promisify(execFile)(process.execPath, ['scripts/prefloop.mjs', 'train-policy', '--algo', 'trpo', '--config', cliConfig, '--steps', '1', '--no-follow'], {
      cwd: repoRoot,
      env: { ...process.env, PREFLOOP_URL: app.url, PREFLOOP_TOKEN: token },
    });
    expect(stdout).toMatch(/Job \d+ \(trpo\) queued/);
    expect((await waitForJob(app, created.body.id + 1)).result).toMatchObject({ policy: { version: 3 }, steps: 1 });
  }, 300_000);
});
