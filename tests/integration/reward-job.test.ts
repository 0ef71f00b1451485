import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildPath, ROUTES } from '../../shared/contract';
import type { Job } from '../../shared/schemas/jobs';
import type { ScoreResponse } from '../../shared/schemas/reward';
import { initBackend } from '../../server/ml/backend';
import { saveCheckpoint } from '../../server/ml/model/checkpoint';
import { PRESETS } from '../../server/ml/model/config';
import { GPT } from '../../server/ml/model/gpt';
import { createRng } from '../../server/ml/random';
import { type TestApp, startTestApp } from '../helpers/app';

const repoRoot = join(import.meta.dirname, '../..');

/** TRL rows whose preferred answer contains an 'x' (the learnable property). */
function trlRows(n: number): string {
  const rand = createRng(11).next;
  const word = (len: number) => Array.from({ length: len }, () => 'abcdefgh'[Math.floor(rand() * 8)]).join('');
  return Array.from({ length: n }, (_, i) => {
    const plain = word(4 + Math.floor(rand() * 4));
    const at = Math.floor(rand() * (plain.length + 1));
    return JSON.stringify({ prompt: `Q${i}`, chosen: `${plain.slice(0, at)}x${plain.slice(at)}`, rejected: word(5 + Math.floor(rand() * 4)) });
  }).join('\n');
}

beforeAll(async () => {
  await initBackend();
});

describe('rm job', () => {
  let app: TestApp;
  afterEach(() => app?.close());

  it('trains on the stored labels in a worker, registers the version and activates it; scoring then uses it', async () => {
    app = await startTestApp();
    const { store } = app.server.ctx;
    const policyDir = join(app.dir, 'policy');
    const model = new GPT(PRESETS.nano, { seed: 1 });
    await saveCheckpoint(policyDir, model, { tokenizer: 'char' });
    model.dispose();
    store.transaction(() => store.policies.activate(store.policies.register({ kind: 'builtin', checkpointPath: policyDir }).id));

    const noLabels = await app.admin.post<{ error: { code: string } }>(ROUTES.adminJobCreate.path, { kind: 'rm', config: {} });
    expect(noLabels.body.error?.code).toBe('not_enough_labels');

    const imported = await app.admin.post(ROUTES.adminImportLabelledPairs.path, { format: 'trl', content: trlRows(480) });
    expect(imported.status).toBe(200);
    const config = { lr: 3e-3, batchSize: 16, steps: 120, maxLen: 32, heldoutFraction: 0.2 };
    const created = await app.admin.post<Job>(ROUTES.adminJobCreate.path, { kind: 'rm', config });
    expect(created.status).toBe(201);
    let job: Job | undefined;
    for (const until = Date.now() + 280_000; Date.now() < until; ) {
      job = (await app.admin.get<Job>(buildPath(ROUTES.adminJob.path, { id: created.body.id }))).body;
      if (!['queued', 'running'].includes(job.status)) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(job?.error ?? null).toBeNull();
    expect(job?.status).toBe('succeeded');
    const result = job?.result as { rewardModel: { id: number; version: number }; activated: boolean; valAccuracy: number };
    console.info(`rm job: held-out accuracy ${result.valAccuracy}`);
    expect(result).toMatchObject({ rewardModel: { version: 1 }, activated: true });
    expect(result.valAccuracy).toBeGreaterThanOrEqual(0.8);
    const stored = store.rewardModels.active();
    expect(stored).toMatchObject({ id: result.rewardModel.id, trainedOnLabelCount: 480, valAccuracy: result.valAccuracy });
    expect(stored?.checkpointPath).toContain(join(app.dir, 'reward-models'));
    expect(job?.metrics).toHaveProperty('eval/accuracy');

    const scored = await app.admin.post<ScoreResponse>(ROUTES.adminRewardScore.path, {
      items: [
        { prompt: 'Q1', response: 'abxcd' },
        { prompt: 'Q1', response: 'abecd' },
      ],
    });
    expect(scored.status).toBe(200);
    expect(scored.body.scores[0].score).toBeGreaterThan(scored.body.scores[1].score);

    // the CLI queues the next version on the running server and follows it to the end
    const token = (await app.admin.post<{ token: string }>(ROUTES.adminTokenCreate.path, { label: 'cli' })).body.token;
    const cli = (...args: string[]) =>
      promisify(execFile)(process.execPath, ['scripts/prefloop.mjs', 'train-rm', ...args], {
        cwd: repoRoot,
        env: { ...process.env, PREFLOOP_URL: app.url, PREFLOOP_TOKEN: token },
      });
    await expect(cli('--config', '[1]')).rejects.toMatchObject({ stderr: expect.stringContaining('--config must be a JSON object') });
    await expect(cli('--config', '{"lr": -1}')).rejects.toMatchObject({ stderr: expect.stringContaining('400') });
    const { stdout } = await cli('--config', JSON.stringify({ ...config, steps: 20 }), '--force');
    expect(stdout).toMatch(/Job \d+ \(rm\): succeeded/);
    expect(store.rewardModels.active()?.version).toBe(2);

    // without force, the new model is judged against the active one on the SAME held-out pairs (stored
    // accuracies come from other pairs); one tiny step barely moves the head, so it normally loses
    const judged = await app.admin.post<Job>(ROUTES.adminJobCreate.path, { kind: 'rm', config: { ...config, steps: 1, lr: 1e-7 } });
    let third: Job | undefined;
    for (const until = Date.now() + 120_000; Date.now() < until; ) {
      third = (await app.admin.get<Job>(buildPath(ROUTES.adminJob.path, { id: judged.body.id }))).body;
      if (!['queued', 'running'].includes(third.status)) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(third?.status).toBe('succeeded');
    const outcome = third?.result as { activated: boolean; valAccuracy: number; comparison: { candidate: number; active: number } };
    expect(outcome.comparison.candidate).toBe(outcome.valAccuracy);
    expect(outcome.comparison.active).toBeGreaterThanOrEqual(0);
    expect(outcome.activated).toBe(outcome.comparison.candidate >= outcome.comparison.active);
    expect(store.rewardModels.active()?.version).toBe(outcome.activated ? 3 : 2);
  }, 420_000); // 120 training steps in a worker take ~20 s alone, minutes on a busy 2-core machine
});
