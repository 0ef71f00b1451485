/**
 * "Bring your own model" on the Admin page, in a real browser against the real server: the admin points a
 * `generate` job at prefloop's own OpenAI-compatible /v1 (serving a nano policy, an API token as the key),
 * follows the result line to the run, and the job's pairs land in the queue. A URL the server refuses shows its
 * 400 message and stores no job. The key is never shown back.
 */
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPath, ROUTES } from '../../shared/contract';
import type { AdminCounts } from '../../shared/schemas/admin';
import type { Job } from '../../shared/schemas/jobs';
import type { GenerateJobResult } from '../../server/jobs/kinds/generate';
import { ADMIN_PASSWORD, rowCount, startTestApp, type TestApp } from '../helpers/app';
import { activateNanoPolicy, storeTaskPrompts } from '../helpers/policy-jobs';
import { hasChromium, launchChromium } from './support/browser';
import { CLIENT_DIST, ensureClientBuilt } from './support/build';
import { signIn } from './support/session';

const SCREENSHOT = process.env.PREFLOOP_GENERATE_SCREENSHOT ?? path.join(os.tmpdir(), 'generate-panel.png');

describe.skipIf(!hasChromium)('Bring your own model: the generate panel on the Admin page', () => {
  let app: TestApp;
  let browser: Browser;
  let admin: Page;
  let token: string;

  const comparisons = async () => (await app.admin.get<AdminCounts>(ROUTES.adminCounts.path)).body.comparisons;

  /** Polls the job through the API until it is over (at most 60 s). */
  async function finished(id: number): Promise<Job> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const job = (await app.admin.get<Job>(buildPath(ROUTES.adminJob.path, { id }))).body;
      if (!['queued', 'running'].includes(job.status)) return job;
      if (Date.now() > deadline) throw new Error(`job ${id} still ${job.status} after 60 s`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  beforeAll(async () => {
    ensureClientBuilt();
    // startTestApp (not startE2eApp): activateNanoPolicy and storeTaskPrompts need its folder and API client
    app = await startTestApp({ clientDir: CLIENT_DIST, seedDemo: false });
    await activateNanoPolicy(app);
    storeTaskPrompts(app, 3);
    const created = await app.admin.post<{ token: string }>(ROUTES.tokenCreate.path, { label: 'generate panel' });
    expect(created.status).toBe(201);
    token = created.body.token;
    browser = await launchChromium();
    admin = await signIn(browser, app.url, 'admin', ADMIN_PASSWORD);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('refuses a URL the server cannot use with its 400 message, and stores no job', async () => {
    await admin.goto(`${app.url}/#/admin`);
    const panel = admin.getByTestId('generate-panel');
    await panel.waitFor();
    expect(await panel.getByRole('heading').textContent()).toBe('Bring your own model');
    expect(await admin.getByTestId('generate-submit').isDisabled()).toBe(true); // no URL, no model
    expect(await admin.getByTestId('generate-api-key').getAttribute('type')).toBe('password');
    expect(await admin.getByTestId('generate-api-key').getAttribute('autocomplete')).toBe('off');
    expect(await admin.getByTestId('generate-prompts').inputValue()).toBe('32');
    expect(await admin.getByTestId('generate-samples').inputValue()).toBe('4');
    expect(await admin.getByTestId('generate-max-tokens').inputValue()).toBe('256');
    expect(Number(await admin.getByTestId('generate-temperature').inputValue())).toBe(1);

    const jobs = rowCount(app, 'jobs');
    // a URL the browser accepts (type=url) but the server refuses (http and https only)
    await admin.getByTestId('generate-base-url').fill('ftp://127.0.0.1/v1');
    await admin.getByTestId('generate-model').fill('prefloop');
    await admin.getByTestId('generate-submit').click();
    const alert = admin.getByTestId('generate-error');
    await alert.waitFor();
    expect(await alert.getAttribute('role')).toBe('alert');
    const text = (await alert.textContent()) ?? '';
    expect(text).toContain('The config is not valid for a generate job');
    expect(text).toContain('endpoint.baseUrl');
    expect(await admin.getByTestId('generate-result').count()).toBe(0);
    expect(rowCount(app, 'jobs')).toBe(jobs);
  });

  it('creates a generate job against prefloop’s own /v1, links to its run, and the queue grows', async () => {
    await admin.goto(`${app.url}/#/admin`);
    await admin.getByTestId('generate-panel').waitFor();
    const before = await comparisons();

    await admin.getByTestId('generate-base-url').fill(`${app.url}/v1`);
    await admin.getByTestId('generate-model').fill('prefloop');
    await admin.getByTestId('generate-api-key').fill(token);
    await admin.getByTestId('generate-api').selectOption('chat');
    await admin.getByTestId('generate-prompts').fill('2');
    await admin.getByTestId('generate-samples').fill('2');
    await admin.getByTestId('generate-max-tokens').fill('8');
    await admin.getByTestId('generate-submit').click();

    const result = admin.getByTestId('generate-result');
    await result.waitFor();
    const id = Number(await result.getAttribute('data-job-id'));
    expect(id).toBeGreaterThan(0);
    expect(await admin.getByTestId('generate-run-link').getAttribute('href')).toBe(`#/admin/runs/${id}`);
    expect(await admin.getByTestId('generate-api-key').inputValue()).toBe(''); // cleared once sent
    expect(await admin.getByTestId('generate-panel').textContent()).not.toContain(token);

    const job = await finished(id);
    expect(job.status, job.error ?? '').toBe('succeeded');
    expect(job.kind).toBe('generate');
    expect(job.config).toMatchObject({ endpoint: { baseUrl: `${app.url}/v1`, model: 'prefloop', apiKey: '***' }, prompts: 2, samplesPerPrompt: 2, maxTokens: 8 });
    const stored = job.result as GenerateJobResult;
    expect(stored).toMatchObject({ model: 'prefloop', prompts: 2 });
    expect(stored.comparisons).toBeGreaterThan(0);
    expect(await comparisons()).toBe(before + stored.comparisons);

    // the result line follows the job live, then its link opens the run
    await admin.getByTestId('generate-status').and(admin.locator('[data-status="succeeded"]')).waitFor();
    await admin.getByTestId('generate-panel').screenshot({ path: SCREENSHOT });
    await admin.getByTestId('generate-run-link').click();
    await admin.locator(`[data-testid="run-page"][data-job-id="${id}"]`).waitFor();
    await admin.locator('[data-testid="run-status"][data-status="succeeded"]').waitFor();
    expect(await admin.content()).not.toContain(token);
  });
});
