// The external-trainer job's `serve` part (server/jobs/kinds/external-trainer.ts): once the trainer (the fake one,
// fixtures/fake-trainer.mjs) has exited 0, the job samples the trained model's OpenAI-compatible endpoint — here
// prefloop's own /v1 serving the nano policy — as a generate job does, and its pairs land in the queue under the
// endpoint's model name. A failed trainer samples nothing.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPath, ROUTES, type RouteResponse } from '../../shared/contract';
import type { Job } from '../../shared/schemas/jobs';
import type { Snapshot } from '../../shared/schemas/snapshots';
import type { ExternalTrainerResult } from '../../server/jobs/kinds/external-trainer';
import { repoRoot, rowCount, type TestApp, startTestApp } from '../helpers/app';
import { activateNanoPolicy, countServedGenerations, storeTaskPrompts, waitForJob } from '../helpers/policy-jobs';

const TRAINER = join(repoRoot, 'tests/integration/fixtures/fake-trainer.mjs');

describe('external-trainer jobs that serve what they trained', () => {
  let app: TestApp;
  let snapshot: Snapshot;
  let token: string;
  let served: () => number; // generations prefloop's /v1 ran
  const allowed = process.env.PREFLOOP_TRAINER_COMMANDS;
  const serve = (model: string) => ({ endpoint: { baseUrl: `${app.url}/v1`, model, apiKey: token }, prompts: 3, samplesPerPrompt: 2, maxTokens: 8 });
  async function run(config: Record<string, unknown>): Promise<Job> {
    const created = await app.admin.post<Job>(ROUTES.adminJobCreate.path, { kind: 'external', config: { snapshotId: snapshot.id, ...config } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return waitForJob(app, created.body.id);
  }
  const modelRows = (model: string) => app.server.db.prepare('SELECT count(*) FROM responses WHERE model_name = ?').pluck().get(model) as number;

  beforeAll(async () => {
    process.env.PREFLOOP_TRAINER_COMMANDS = process.execPath;
    app = await startTestApp();
    await activateNanoPolicy(app);
    storeTaskPrompts(app, 3);
    const content = [1, 2].map((i) => JSON.stringify({ prompt: `Q${i}`, chosen: `good ${i}`, rejected: `bad ${i}` })).join('\n');
    expect((await app.admin.post(ROUTES.adminImportLabelledPairs.path, { format: 'trl', content })).status).toBe(200);
    snapshot = (await app.admin.route(ROUTES.adminSnapshotCreate, { body: { name: 'to-train', format: 'trl' } })).body;
    token = (await app.admin.post<{ token: string }>(ROUTES.tokenCreate.path, { label: 'trained model' })).body.token;
    served = countServedGenerations(app);
  });
  afterAll(async () => {
    await app.close();
    if (allowed === undefined) delete process.env.PREFLOOP_TRAINER_COMMANDS;
    else process.env.PREFLOOP_TRAINER_COMMANDS = allowed;
  });

  it('after the trainer exits 0, samples its endpoint into the queue as a model of its own', async () => {
    const comparisonsBefore = rowCount(app, 'comparisons');
    const job = await run({ command: [process.execPath, TRAINER, '{snapshot}', '{outDir}'], serve: serve('prefloop') });
    expect(job.status, job.error ?? '').toBe('succeeded');
    const result = job.result as ExternalTrainerResult;
    const model = 'prefloop'; // the name the endpoint serves it under
    expect(result).toMatchObject({ exitCode: 0, snapshot: { id: snapshot.id }, samples: { model, prompts: 3, requests: 3 } });
    expect(result.tail).toContain('done'); // the trainer ran first
    expect(served()).toBe(3); // one request (n = 2) per prompt, each answered by the served policy
    const samples = result.samples as NonNullable<ExternalTrainerResult['samples']>;
    expect(samples.comparisons).toBeGreaterThan(0);
    expect(modelRows(model)).toBe(samples.responses);
    expect(rowCount(app, 'comparisons')).toBe(comparisonsBefore + samples.comparisons);
    const pairs = app.server.db
      .prepare('SELECT DISTINCT ra.model_name FROM comparisons c JOIN responses ra ON ra.id = c.response_a JOIN responses rb ON rb.id = c.response_b WHERE ra.model_name = rb.model_name AND ra.model_name = ?')
      .pluck()
      .all(model);
    expect(pairs).toEqual([model]);
    expect(job.config).toMatchObject({ serve: { endpoint: { apiKey: '***' } } });

    // the new pairs are the queue's: an annotator leases one of them
    const annotator = await app.user('ann');
    const next = await annotator.post<RouteResponse<typeof ROUTES.queueNext>>(ROUTES.queueNext.path, { count: 1 });
    expect(next.body.assignments).toHaveLength(1);
    const texts = app.server.db.prepare('SELECT text FROM responses WHERE model_name = ?').pluck().all(model);
    expect(texts).toContain(next.body.assignments[0].left.text);
  }, 120_000);

  it('samples nothing when the trainer fails', async () => {
    const before = served();
    const job = await run({ command: [process.execPath, TRAINER, '{snapshot}', '{outDir}', '--exit', '3'], serve: serve('never-served') });
    expect(job.status).toBe('failed');
    expect(job.error).toContain('exited with code 3');
    expect(served()).toBe(before);
    expect(modelRows('never-served')).toBe(0);
  }, 60_000);

  it('refuses a bad serve config with 400 before queueing', async () => {
    const before = rowCount(app, 'jobs');
    for (const bad of [{ endpoint: { baseUrl: 'not a url', model: 'm' } }, { endpoint: { baseUrl: app.url } }, { endpoint: { baseUrl: app.url, model: 'm' }, extra: 1 }]) {
      const response = await app.admin.post(ROUTES.adminJobCreate.path, { kind: 'external', config: { snapshotId: snapshot.id, command: [process.execPath, TRAINER], serve: bad } });
      expect(response.status, JSON.stringify(bad)).toBe(400);
    }
    expect(rowCount(app, 'jobs')).toBe(before);
    const detail = await app.admin.get(buildPath(ROUTES.adminJobs.path, {}));
    expect(detail.text).not.toContain(token);
  });
});
