// The queue filled from an OpenAI-compatible server instead of the built-in policy: a generate job pointed at
// prefloop's own /v1 (serving the nano policy) stores the endpoint's samples as pairs an annotator can lease.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildPath, ROUTES, type RouteResponse } from '../../shared/contract';
import type { AdminComparison } from '../../shared/schemas/admin';
import type { Page } from '../../shared/schemas/common';
import type { Job } from '../../shared/schemas/jobs';
import { generateCommand } from '../../server/cli/generate';
import type { GenerateJobResult } from '../../server/jobs/kinds/generate';
import { type TestApp, rowCount, startTestApp } from '../helpers/app';
import { activateNanoPolicy, countServedGenerations, storeTaskPrompts, waitForJob } from '../helpers/policy-jobs';

describe('the queue filled from an external OpenAI-compatible model', () => {
  let app: TestApp;
  let token: string;
  let served: () => number; // generations prefloop's /v1 ran

  const submit = async (config: unknown) => {
    const created = await app.admin.post<Job>(ROUTES.adminJobCreate.path, { kind: 'generate', config });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return waitForJob(app, created.body.id);
  };

  beforeAll(async () => {
    app = await startTestApp();
    await activateNanoPolicy(app);
    storeTaskPrompts(app, 3);
    token = (await app.admin.post<{ token: string }>(ROUTES.tokenCreate.path, { label: 'queue generation' })).body.token;
    served = countServedGenerations(app);
  });
  afterAll(() => app.close());

  it('stores the endpoint’s samples as comparisons that an annotator can lease', async () => {
    const job = await submit({ endpoint: { baseUrl: `${app.url}/v1`, model: 'prefloop', apiKey: token }, prompts: 3, samplesPerPrompt: 3, maxTokens: 12 });
    expect(job.status, job.error ?? '').toBe('succeeded');
    const result = job.result as GenerateJobResult;
    expect(result).toMatchObject({ model: 'prefloop', prompts: 3, requests: 3 });
    expect(served()).toBe(3); // one request per prompt (n = 3), each answered by the served policy
    expect(result.comparisons).toBeGreaterThan(0);
    expect(rowCount(app, 'comparisons')).toBe(result.comparisons);
    expect(rowCount(app, 'responses')).toBe(result.responses);
    const stored = app.server.db.prepare('SELECT DISTINCT model_name FROM responses').pluck().all();
    expect(stored).toEqual(['prefloop']);

    const comparisons = (await app.admin.get<Page<AdminComparison>>(ROUTES.adminComparisons.path)).body.items;
    expect(comparisons.flatMap((c) => [c.responseA.model, c.responseB.model])).toEqual(Array(2 * result.comparisons).fill('prefloop'));

    const annotator = await app.user('ann');
    const next = await annotator.post<RouteResponse<typeof ROUTES.queueNext>>(ROUTES.queueNext.path, { count: 1 });
    expect(next.status).toBe(200);
    expect(next.body.assignments).toHaveLength(1);
    const texts = app.server.db.prepare('SELECT text FROM responses').pluck().all();
    expect(texts).toContain(next.body.assignments[0].left.text);
    expect(texts).toContain(next.body.assignments[0].right.text);
  });

  it('never shows the API key: the job’s config reads ***, and a failure’s message does not contain it', async () => {
    const secret = 'pf_wrong-key-that-must-stay-secret';
    const job = await submit({ endpoint: { baseUrl: app.url, model: 'prefloop', apiKey: secret }, prompts: 1, samplesPerPrompt: 2, maxTokens: 4 });
    expect(job.status).toBe('failed');
    expect(job.error).toMatch(/401/);
    expect(job.config).toMatchObject({ endpoint: { apiKey: '***' } });
    const detail = await app.admin.get(buildPath(ROUTES.adminJob.path, { id: job.id }));
    expect(detail.text).not.toContain(secret);
    const list = await app.admin.get(ROUTES.adminJobs.path);
    expect(list.text).not.toContain(secret);
  });

  it('runs from the CLI: prefloop generate --endpoint URL --model NAME', async () => {
    const before = rowCount(app, 'comparisons');
    const printed: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((line: string) => void printed.push(line));
    try {
      const args = ['--endpoint', `${app.url}/v1`, '--model', 'prefloop', '--api-key', token, '--prompts', '2', '--samples', '2', '--max-tokens', '6'];
      await generateCommand([...args, '--url', app.url, '--token', token]);
    } finally {
      log.mockRestore();
    }
    expect(process.exitCode ?? 0).toBe(0);
    const result = JSON.parse((printed.find((l) => l.startsWith('result ')) ?? 'result null').slice(7)) as GenerateJobResult;
    expect(result).toMatchObject({ model: 'prefloop', prompts: 2 });
    expect(rowCount(app, 'comparisons')).toBe(before + result.comparisons);
    expect(printed.join('\n')).not.toContain(token);
  });

  it('refuses a config it cannot run with 400, before any job is stored', async () => {
    const before = rowCount(app, 'jobs');
    for (const endpoint of [{ baseUrl: 'not a url', model: 'm' }, { baseUrl: 'ftp://host', model: 'm' }, { baseUrl: app.url }, { baseUrl: app.url, model: 'm', extra: 1 }]) {
      const response = await app.admin.post(ROUTES.adminJobCreate.path, { kind: 'generate', config: { endpoint } });
      expect(response.status, JSON.stringify(endpoint)).toBe(400);
    }
    expect(rowCount(app, 'jobs')).toBe(before);
  });
});
