import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildPath, ROUTES } from '../../shared/contract';
import type { Job } from '../../shared/schemas/jobs';
import { initBackend } from '../../server/ml/backend';
import { loadCheckpoint, saveCheckpoint } from '../../server/ml/model/checkpoint';
import { PRESETS } from '../../server/ml/model/config';
import { GPT } from '../../server/ml/model/gpt';
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
