/**
 * Reward models and runs in a real browser against the real server (SQLite file, job worker threads, tfjs):
 * an admin uploads an Anthropic-HH file of multi-turn labelled pairs on the Admin page, an annotator sees
 * a pair's earlier turns above its last prompt, the admin trains a reward model from the Models page and
 * watches its run's charts grow live, the new version is listed, and the runs list filters, reruns, cancels.
 */
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../server/ml/backend';
import { saveCheckpoint } from '../../server/ml/model/checkpoint';
import { PRESETS } from '../../server/ml/model/config';
import { GPT } from '../../server/ml/model/gpt';
import { createRng } from '../../server/ml/random';
import { type E2eApp, startE2eApp } from './support/app';
import { hasChromium } from './support/browser';
import { ROOT } from './support/build';
import { signIn } from './support/session';

const ADMIN = { name: 'admin', password: 'admin-password-e2e' };
const ANNOTATOR = { name: 'ann.turns', password: 'annotator-password-3' };
const ROWS = 60;
// nano trunk: seconds of training on an idle machine (minutes on a loaded one), long enough to see several
// `job:progress` events (one per 500 ms at most) reach the page
const RM_CONFIG = { steps: 60, batchSize: 4, lr: 0.003, maxLen: 32, heldoutFraction: 0.2 };
const XSS_TURN = '<img src=x onerror="window.__xss=3">';

// Screenshots for the README only on request (PREFLOOP_UPDATE_SCREENSHOT=1); otherwise to the OS temp folder.
const shot = (name: string) =>
  process.env.PREFLOOP_UPDATE_SCREENSHOT ? path.join(ROOT, 'docs', name) : path.join(os.tmpdir(), `prefloop-${name}`);

/**
 * HH rows "\n\nHuman: … \n\nAssistant: … \n\nHuman: … \n\nAssistant: <answer>": two earlier turns, then the
 * last question; the chosen answer contains an 'x' (a property a nano reward model learns).
 */
function hhFile(n: number): string {
  const rand = createRng(5).next;
  const word = (len: number) => Array.from({ length: len }, () => 'abcdefgh'[Math.floor(rand() * 8)]).join('');
  return Array.from({ length: n }, (_, i) => {
    const plain = word(4 + Math.floor(rand() * 4));
    const at = Math.floor(rand() * (plain.length + 1));
    const context = `\n\nHuman: Earlier question ${i}: which word?\n\nAssistant: Reply ${i} ${XSS_TURN}\n\nHuman: Final question ${i}?`;
    return JSON.stringify({
      chosen: `${context}\n\nAssistant: ${plain.slice(0, at)}x${plain.slice(at)}`,
      rejected: `${context}\n\nAssistant: ${word(5 + Math.floor(rand() * 4))}`,
    });
  }).join('\n');
}

/** Points plotted in one metric's chart (-1 while it is not on the page). */
const pointsOf = (page: Page, metric: string) =>
  page.evaluate((name) => Number(document.querySelector(`[data-metric="${name}"]`)?.getAttribute('data-points') ?? -1), metric);

const noHorizontalScroll = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);

describe.skipIf(!hasChromium)('reward models and runs: HH upload, multi-turn prompts, live training charts', () => {
  let app: E2eApp;
  let server: E2eApp['server'];
  let browser: Browser;
  let admin: Page;
  let runId: number;

  beforeAll(async () => {
    app = await startE2eApp(ADMIN.password);
    ({ server, browser } = app);
    // The reward model's trunk is the active policy: a nano one, written and activated like the server's own.
    await initBackend();
    const policyDir = path.join(path.dirname(server.db.name), 'policy');
    const model = new GPT(PRESETS.nano, { seed: 1 });
    await saveCheckpoint(policyDir, model, { tokenizer: 'char' });
    model.dispose();
    const { store } = server.ctx;
    store.transaction(() => store.policies.activate(store.policies.register({ kind: 'builtin', checkpointPath: policyDir }).id));
  });

  afterAll(() => app?.close());

  it('an admin uploads an HH file of labelled pairs on the Admin page and sees what was stored', async () => {
    admin = await signIn(browser, server.url, ADMIN.name, ADMIN.password);
    await admin.getByTestId('admin-page').waitFor();
    await admin.getByTestId('new-user-name').fill(ANNOTATOR.name);
    await admin.getByTestId('new-user-password').fill(ANNOTATOR.password);
    await admin.getByTestId('create-user').click();
    await admin.getByTestId(`user-row-${ANNOTATOR.name}`).waitFor();

    // Bad content: a clear error, nothing stored.
    await admin.getByTestId('pairs-content').fill('{"chosen": "no transcript"}');
    await admin.getByTestId('pairs-submit').click();
    await admin.getByTestId('pairs-error').waitFor();
    expect(server.db.prepare('SELECT COUNT(*) AS n FROM comparisons').get()).toEqual({ n: 0 });

    expect(await admin.getByTestId('pairs-format').inputValue()).toBe('hh');
    await admin.getByTestId('pairs-queue').check();
    await admin
      .getByTestId('pairs-file')
      .setInputFiles({ name: 'hh.jsonl', mimeType: 'application/jsonl', buffer: Buffer.from(hhFile(ROWS)) });
    await admin.getByTestId('pairs-submit').click();
    await expect.poll(() => admin.getByTestId('pairs-result').textContent()).toContain(`Read ${ROWS} rows: ${ROWS} new labelled pairs`);
    expect(server.db.prepare('SELECT COUNT(*) AS n FROM labels').get()).toEqual({ n: ROWS });
    expect(server.db.prepare('SELECT COUNT(*) AS n FROM prompts WHERE messages IS NOT NULL').get()).toEqual({ n: ROWS });
    expect(await noHorizontalScroll(admin)).toBe(true);
    await admin.screenshot({ path: path.join(os.tmpdir(), 'prefloop-admin-pairs.png') });
  });

  it('an annotator sees the earlier Human and Assistant turns above the last prompt, as inert text', async () => {
    const annotator = await signIn(browser, server.url, ANNOTATOR.name, ANNOTATOR.password);
    await annotator.getByTestId('pair').waitFor();
    const last = (await annotator.locator('.prompt-body').textContent()) ?? '';
    const i = /Final question (\d+)\?/.exec(last)?.[1];
    expect(i, `last turn: ${last}`).toBeDefined();
    expect(last).toContain('Human (last turn)');

    const turns = annotator.getByTestId('prompt-turn');
    expect(await turns.count()).toBe(2);
    expect(await turns.nth(0).getAttribute('data-role')).toBe('user');
    expect(await turns.nth(0).textContent()).toBe(`HumanEarlier question ${i}: which word?`);
    expect(await turns.nth(1).getAttribute('data-role')).toBe('assistant');
    expect(await turns.nth(1).textContent()).toContain(`Reply ${i} ${XSS_TURN}`);
    expect(await annotator.locator('[data-testid="prompt"] img').count()).toBe(0);
    expect(await annotator.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    await annotator.screenshot({ path: path.join(os.tmpdir(), 'prefloop-annotate-turns.png') });
    await annotator.context().close();
  });

  it('"Train reward model" opens the new run, whose charts grow live until it succeeds', async () => {
    await admin.evaluate(() => {
      (window as unknown as { __noReload: boolean }).__noReload = true;
    });
    await admin.getByTestId('admin-nav-models').click();
    await admin.getByTestId('models-empty').waitFor();
    for (const [key, value] of Object.entries(RM_CONFIG)) await admin.getByTestId(`train-rm-${key}`).fill(String(value));
    await admin.getByTestId('train-rm-word-prior').selectOption('on'); // a GloVe word prior under the trunk (auto would pick it too: English prompts)
    await admin.getByTestId('train-rm').click();

    await admin.getByTestId('run-page').waitFor();
    runId = Number(await admin.getByTestId('run-page').getAttribute('data-job-id'));
    expect(admin.url()).toContain(`#/admin/runs/${runId}`);
    expect(JSON.parse((await admin.getByTestId('run-config').textContent()) ?? '{}')).toMatchObject({ ...RM_CONFIG, wordPrior: true });

    // A first reading while the job runs, then more points without any reload.
    const first = await admin.waitForFunction(
      () => {
        const status = document.querySelector('[data-testid="run-status"]')?.getAttribute('data-status');
        const points = Number(document.querySelector('[data-metric="loss/train"]')?.getAttribute('data-points') ?? 0);
        return status === 'running' && points > 0 ? points : false;
      },
      undefined,
      { timeout: 120_000, polling: 50 },
    );
    const early = (await first.jsonValue()) as number;
    await admin.waitForFunction(
      (before) => Number(document.querySelector('[data-metric="loss/train"]')?.getAttribute('data-points') ?? 0) > before,
      early,
      { timeout: 60_000, polling: 50 },
    );
    const later = await pointsOf(admin, 'loss/train');
    console.info(`rm run ${runId}: loss/train chart had ${early} points, then ${later}, while running`);
    expect(later).toBeGreaterThan(early);
    expect(early).toBeLessThan(RM_CONFIG.steps);

    await expect.poll(() => admin.getByTestId('run-status').getAttribute('data-status'), { timeout: 300_000, interval: 250 }).toBe('succeeded');
    const ran = server.db.prepare('SELECT started_at, finished_at FROM jobs WHERE id = ?').get(runId) as Record<string, string>;
    console.info(`rm run ${runId}: ${RM_CONFIG.steps} steps in ${(Date.parse(ran.finished_at) - Date.parse(ran.started_at)) / 1000} s`);
    // Every step's record is plotted, and the held-out metrics of the end have their charts.
    await expect.poll(() => pointsOf(admin, 'loss/train')).toBe(RM_CONFIG.steps);
    await expect.poll(() => pointsOf(admin, 'eval/accuracy')).toBe(1);
    await expect.poll(() => pointsOf(admin, 'eval/accuracy_prior')).toBe(1); // the word prior alone
    expect(await pointsOf(admin, 'lr')).toBe(RM_CONFIG.steps);
    const result = JSON.parse((await admin.getByTestId('run-result').textContent()) ?? '{}');
    expect(result).toMatchObject({ rewardModel: { version: 1 }, activated: true });
    expect(await admin.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
    expect(await noHorizontalScroll(admin)).toBe(true);
    mkdirSync(path.dirname(shot('runs.png')), { recursive: true });
    await admin.screenshot({ path: shot('runs.png') });

    await admin.getByTestId('admin-nav-models').click();
    const row = admin.getByTestId('model-row-v1');
    await row.waitFor();
    expect(await row.getAttribute('data-active')).toBe('true');
    expect(await row.textContent()).toContain(`${ROWS}`);
    const accuracy = (await admin.getByTestId('model-accuracy-v1').textContent()) ?? '';
    expect(accuracy).toBe(`${(100 * result.valAccuracy).toFixed(1)}%`);
    expect(await noHorizontalScroll(admin)).toBe(true);
    await admin.screenshot({ path: shot('models.png') });
  }, 480_000);

  it('the runs list filters by status and kind, reruns a finished job and cancels the rerun', async () => {
    await admin.getByTestId('admin-nav-runs').click();
    await admin.getByTestId(`job-row-${runId}`).waitFor();
    expect(await admin.getByTestId(`job-row-${runId}`).getAttribute('data-status')).toBe('succeeded');
    expect(await noHorizontalScroll(admin)).toBe(true);

    await admin.getByTestId('runs-filter-status').selectOption('failed');
    await admin.getByTestId('runs-empty').waitFor();
    await admin.getByTestId('runs-filter-status').selectOption('');
    await admin.getByTestId('runs-filter-kind').selectOption('rm');
    await admin.getByTestId(`job-row-${runId}`).waitFor();

    await admin.getByTestId(`job-rerun-${runId}`).click();
    const rerun = admin.locator('[data-testid^="job-row-"]').first();
    await expect.poll(() => rerun.getAttribute('data-testid')).not.toBe(`job-row-${runId}`);
    const rerunId = Number((await rerun.getAttribute('data-testid'))?.replace('job-row-', ''));
    expect(server.db.prepare('SELECT parent_job_id FROM jobs WHERE id = ?').get(rerunId)).toEqual({ parent_job_id: runId });

    await admin.getByTestId(`job-cancel-${rerunId}`).click();
    await expect.poll(() => admin.getByTestId(`job-row-${rerunId}`).getAttribute('data-status'), { timeout: 30_000 }).toBe('cancelled');
    expect(server.db.prepare('SELECT status FROM jobs WHERE id = ?').get(rerunId)).toEqual({ status: 'cancelled' });
    expect(server.db.prepare('SELECT COUNT(*) AS n FROM reward_models').get()).toEqual({ n: 1 });
    await admin.getByTestId('runs-filter-kind').selectOption('');
    await admin.screenshot({ path: path.join(os.tmpdir(), 'prefloop-runs-list.png') });
  }, 120_000);

  it('"Run a loop round" on the Models page: a bad field is refused on the page, then DPO on the labels makes v2 active', async () => {
    await admin.getByTestId('admin-nav-models').click();
    await admin.getByTestId('loop-form').waitFor();
    await admin.getByTestId('loop-algorithm').selectOption('best_of_n');
    expect(await admin.getByTestId('loop-steps').isDisabled()).toBe(true); // best-of-n has no steps
    await admin.getByTestId('loop-algorithm').selectOption('dpo');
    await admin.getByTestId('loop-steps').fill('0'); // below the schema's minimum
    await admin.getByTestId('loop-run').click();
    await admin.getByTestId('loop-error').waitFor();
    expect(server.db.prepare("SELECT COUNT(*) AS n FROM jobs WHERE kind = 'loop'").get()).toEqual({ n: 0 });

    await admin.getByTestId('loop-steps').fill('2');
    await admin.getByTestId('loop-prompts').fill('0');
    await admin.getByTestId('loop-crossPrompts').fill('0');
    await admin.getByTestId('loop-run').click();
    await admin.getByTestId('run-page').waitFor();
    const loopId = Number(await admin.getByTestId('run-page').getAttribute('data-job-id'));
    expect(JSON.parse((await admin.getByTestId('run-config').textContent()) ?? '{}')).toMatchObject({
      algorithm: 'dpo',
      policy: { steps: 2 },
      pairs: { prompts: 0, crossPrompts: 0 },
    });
    await expect.poll(() => admin.getByTestId('run-status').getAttribute('data-status'), { timeout: 300_000, interval: 250 }).toBe('succeeded');
    const result = JSON.parse((await admin.getByTestId('run-result').textContent()) ?? '{}');
    expect(result).toMatchObject({ policy: { version: 2, activated: true }, skipped: null });
    expect(server.ctx.store.policies.active()?.id).toBe(result.policy.id);
    expect(server.db.prepare('SELECT kind FROM jobs WHERE id = ?').get(loopId)).toEqual({ kind: 'loop' });

    await admin.getByTestId('admin-nav-models').click();
    await admin.getByTestId('loop-form').waitFor();
    await expect.poll(() => admin.getByTestId('policy-row-v2').getAttribute('data-active')).toBe('true');
    expect(await noHorizontalScroll(admin)).toBe(true);
    await admin.screenshot({ path: path.join(os.tmpdir(), 'prefloop-models-loop.png'), fullPage: true });
  }, 360_000);
});
