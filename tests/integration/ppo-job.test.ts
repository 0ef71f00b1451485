import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildPath, ROUTES } from '../../shared/contract';
import type { Job } from '../../shared/schemas/jobs';
import { initBackend } from '../../server/ml/backend';
import { loadCheckpoint, saveCheckpoint } from '../../server/ml/model/checkpoint';
import { PRESETS } from '../../server/ml/model/config';
import { GPT } from '../../server/ml/model/gpt';
import { charTokenizer } from '../../server/ml/model/tokenizer';
import { saveRewardModel } from '../../server/ml/reward/checkpoint';
import { RewardModel } from '../../server/ml/reward/model';
import { generateTasks } from '../../server/ml/tasks/index';
import { type TestApp, startTestApp } from '../helpers/app';

beforeAll(async () => {
  await initBackend();
});

async function activateNanoPolicy(app: TestApp): Promise<{ id: number; dir: string }> {
  const dir = join(app.dir, 'policy');
  const model = new GPT(PRESETS.nano, { seed: 1 });
  await saveCheckpoint(dir, model, { tokenizer: 'char' });
  model.dispose();
  const { store } = app.server.ctx;
  const { id } = store.transaction(() => store.policies.register({ kind: 'builtin', checkpointPath: dir }));
  store.transaction(() => store.policies.activate(id));
  return { id, dir };
}

/** A nano reward model (random head), registered and active: the reward PPO reads. */
async function activateNanoRewardModel(app: TestApp): Promise<number> {
  const dir = join(app.dir, 'rm');
  const rm = new RewardModel(new GPT(PRESETS.nano, { seed: 2 }), charTokenizer(), { headSeed: 3 });
  await saveRewardModel(dir, rm);
  rm.dispose();
  const { store } = app.server.ctx;
  const { id } = store.rewardModels.register({ checkpointPath: dir, trainedOnLabelCount: 0, valAccuracy: null });
  store.rewardModels.activate(id);
  return id;
}

function storeTaskPrompts(app: TestApp, count: number): void {
  const { store } = app.server.ctx;
  for (const t of generateTasks({ seed: 3, count, split: 'train' })) {
    store.prompts.upsert({ text: t.prompt, source: 'task-world', taskFamily: t.family, verifier: t.verifier });
  }
}

async function waitForJob(app: TestApp, id: number): Promise<Job> {
  for (let i = 0; i < 900; i++) {
    const job = (await app.admin.get<Job>(buildPath(ROUTES.adminJob.path, { id }))).body;
    if (!['queued', 'running'].includes(job.status)) return job;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`job ${id} did not finish`);
}

describe('ppo job', () => {
  let app: TestApp;
  afterEach(() => app?.close());

  it('refuses bad configs and missing inputs with a 4xx, creating no job', async () => {
    app = await startTestApp();
    const create = (config: unknown) => app.admin.post<{ error: { code: string } }>(ROUTES.adminJobCreate.path, { kind: 'ppo', config });
    expect((await create({})).body.error?.code).toBe('no_policy');
    await activateNanoPolicy(app);
    expect((await create({})).body.error?.code).toBe('no_reward_model');
    expect((await create({ rmWeight: 0, verifierWeight: 1 })).body.error?.code).toBe('no_prompts');
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
    const rmId = await activateNanoRewardModel(app);
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
