
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../shared/contract';
import type { Job } from '../../shared/schemas/jobs';
import { initBackend } from '../../server/ml/backend';
import { loadCheckpoint, } from '../../server/ml/model/checkpoint';
import { type TestApp, startTestApp } from '../helpers/app';
import { activateNanoPolicy, activateNanoRewardModel, storeTaskPrompts, waitForJob } from '../helpers/policy-jobs';

beforeAll(async () => {
  await initBackend();
});

describe('ppo job', () => {
  let app: TestApp;
  afterEach(() => app?.close());

  it('refuses bad configs and missing inputs with a 4xx, creating no job', async () => {
    app = await startTestApp();
    const create = (config: unknown) => app.admin.post<{ error: { code: string } }>(ROUTES.adminJobCreate.path, { kind: 'ppo', config });
    expect((await create({})).body.error?.code).toBe('no_policy');
    await activateNanoPolicy(app);
    expect((await create({})).body.error?.code).toBe('no_reward_model');
    expect((await create({ rmWeight: 0, verifierWeight: 1 })).body.error?.code).toBe('no_task_prompts');
    storeTaskPrompts(app, 4);
    for (const bad of [{ rmWeight: 0 }, { epochs: 0 }, { lr: -1 }, { surprise: true }, { clipRange: 'wide' }]) {
      const res = await create(bad);
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(res.body.error.code).toBe('invalid_request');
    }
    expect(app.server.ctx.store.db.prepare("SELECT COUNT(*) AS n FROM jobs WHERE kind = 'ppo'").get()).toEqual({ n: 0 });
  });

  it('trains the active policy with the active reward model (+ verifier) in a worker and registers a new, inactive version', async () => {
    app = await startTestApp();
    const parent = await activateNanoPolicy(app);
    const rmId = (await activateNanoRewardModel(app)).id;
    storeTaskPrompts(app, 6);
    const config = { steps: 2, promptsPerStep: 4, minibatches: 2, epochs: 2, maxNewTokens: 4, lr: 1e-3, verifierWeight: 0.5 };
    const created = await app.admin.post<Job>(ROUTES.adminJobCreate.path, { kind: 'ppo', config });
    expect(created.status).toBe(201);
    const job = await waitForJob(app, created.body.id);
    expect(job.error ?? null).toBeNull();
    expect(job.status).toBe('succeeded');
    expect(job.result).toMatchObject({ policy: { version: 2 }, activated: false, steps: 2 });
    for (const key of ['objective/kl', 'objective/scores', 'policy/clipfrac', 'policy/approxkl', 'loss/value', 'time/rollout_s']) {
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
    expect(JSON.parse(row!.config)).toMatchObject({ algorithm: 'ppo', rewardModelId: rmId, verifierWeight: 0.5 });
    const { model, meta } = await loadCheckpoint(row!.checkpointPath);
    expect(meta).toMatchObject({ parent: parent.dir, rl: { algorithm: 'ppo', steps: 2, reward: { rmWeight: 1, verifierWeight: 0.5 } } });
    model.dispose();
  });
});
