// What the policy-training job tests set up the same way: a nano policy (and reward model) registered and active,
// task-world prompts in the store, and waiting for a job to finish through the real admin API.
import { join } from 'node:path';
import { buildPath, ROUTES } from '../../shared/contract';
import type { Job } from '../../shared/schemas/jobs';
import { saveCheckpoint } from '../../server/ml/model/checkpoint';
import { PRESETS } from '../../server/ml/model/config';
import { GPT } from '../../server/ml/model/gpt';
import { charTokenizer } from '../../server/ml/model/tokenizer';
import { saveRewardModel } from '../../server/ml/reward/checkpoint';
import { RewardModel } from '../../server/ml/reward/model';
import { generateTasks } from '../../server/ml/tasks/index';
import type { TestApp } from './app';

/** A random nano GPT checkpoint (char tokenizer) as the active built-in policy. */
export async function activateNanoPolicy(app: TestApp): Promise<{ id: number; dir: string }> {
  const dir = join(app.dir, 'policy');
  const model = new GPT(PRESETS.nano, { seed: 1 });
  await saveCheckpoint(dir, model, { tokenizer: 'char' });
  model.dispose();
  const { store } = app.server.ctx;
  const { id } = store.transaction(() => store.policies.register({ kind: 'builtin', checkpointPath: dir }));
  store.transaction(() => store.policies.activate(id));
  return { id, dir };
}

/** A nano reward model (random head) written to disk, registered and activated. */
export async function activateNanoRewardModel(app: TestApp): Promise<{ id: number; dir: string }> {
  const dir = join(app.dir, 'rm');
  const rm = new RewardModel(new GPT(PRESETS.nano, { seed: 2 }), charTokenizer(), { headSeed: 3 });
  await saveRewardModel(dir, rm);
  rm.dispose();
  const { rewardModels } = app.server.ctx.store;
  const { id } = rewardModels.register({ checkpointPath: dir, trainedOnLabelCount: 0, valAccuracy: null });
  if (!rewardModels.activate(id).activated) throw new Error('the nano reward model did not activate');
  return { id, dir };
}

/** `count` train-split task-world prompts with their verifier specs. */
export function storeTaskPrompts(app: TestApp, count: number, seed = 3): void {
  const { store } = app.server.ctx;
  for (const t of generateTasks({ seed, count, split: 'train' })) {
    store.prompts.upsert({ text: t.prompt, source: 'task-world', taskFamily: t.family, verifier: t.verifier });
  }
}

/** Polls GET /api/admin/jobs/:id until the job is no longer queued or running (at most ~5 minutes). */
export async function waitForJob(app: TestApp, id: number): Promise<Job> {
  for (let i = 0; i < 1500; i++) {
    const job = (await app.admin.get<Job>(buildPath(ROUTES.adminJob.path, { id }))).body;
    if (!['queued', 'running'].includes(job.status)) return job;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`job ${id} did not finish`);
}

/** Counts the generations the app's /v1 policy server runs from now on: call the returned function to read it. */
export function countServedGenerations(app: TestApp): () => number {
  const serving = app.server.ctx.serving;
  if (!serving) throw new Error('no policy server');
  let served = 0;
  const generate = serving.generate.bind(serving);
  serving.generate = (...args) => {
    served++;
    return generate(...args);
  };
  return () => served;
}
