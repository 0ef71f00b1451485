import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../shared/contract';
import type { Job } from '../../shared/schemas/jobs';
import { initBackend } from '../../server/ml/backend';
import { loadCheckpoint, } from '../../server/ml/model/checkpoint';
import { type TestApp, startTestApp } from '../helpers/app';
import { activateNanoPolicy, storeTaskPrompts, waitForJob } from '../helpers/policy-jobs';

beforeAll(async () => {
  await initBackend();
});

describe('rloo job', () => {
  let app: TestApp;
  afterEach(() => app?.close());

  it('refuses bad configs and missing inputs with a 4xx, creating no job', async () => {
    app = await startTestApp();
    const create = (config: unknown) => app.admin.post<{ error: { code: string } }>(ROUTES.adminJobCreate.path, { kind: 'rloo', config });
    expect((await create({})).body.error?.code).toBe('no_policy');
    await activateNanoPolicy(app);
    expect((await create({})).body.error?.code).toBe('no_task_prompts');
    storeTaskPrompts(app, 4);
    const bad = await create({ samplesPerPrompt: 1 });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'invalid_request', message: expect.stringContaining('rloo') });
    expect((await create({ lr: -1 })).status).toBe(400);
    expect((await create({ surprise: true })).status).toBe(400);
    expect(app.server.ctx.store.db.prepare("SELECT COUNT(*) AS n FROM jobs WHERE kind = 'rloo'").get()).toEqual({ n: 0 });
  });

  it('trains the active policy on stored task prompts in a worker and registers a new, inactive version', async () => {
    app = await startTestApp();
    const parent = await activateNanoPolicy(app);
    storeTaskPrompts(app, 6);
    const config = { steps: 2, promptsPerStep: 3, samplesPerPrompt: 2, maxNewTokens: 4, lr: 1e-3 };
    const created = await app.admin.post<Job>(ROUTES.adminJobCreate.path, { kind: 'rloo', config });
    expect(created.status).toBe(201);
    const job = await waitForJob(app, created.body.id);
    expect(job.error ?? null).toBeNull();
    expect(job.status).toBe('succeeded');
    const result = job.result as { policy: { id: number; version: number }; activated: boolean; steps: number };
    expect(result).toMatchObject({ policy: { version: 2 }, activated: false, steps: 2 });
    expect(job.metrics).toHaveProperty('objective/verifier');
    expect(job.metrics).toHaveProperty('objective/kl');

    const { store } = app.server.ctx;
    expect(store.policies.active()?.id).toBe(parent.id); // not activated automatically
    const row = store.db
      .prepare<[number], { parentId: number; checkpointPath: string }>('SELECT parent_id AS parentId, checkpoint_path AS checkpointPath FROM policies WHERE id = ?')
      .get(result.policy.id);
    expect(row?.parentId).toBe(parent.id);
    expect(row?.checkpointPath).toContain(join(app.dir, 'policies'));
    const { model, meta } = await loadCheckpoint(row!.checkpointPath);
    expect(meta).toMatchObject({ parent: parent.dir, rl: { algorithm: 'rloo', steps: 2 } });
    model.dispose();
  });
});
