/**
 * The admin Data page and label review in a real browser against the real server: the admin finds a label by
 * text search and creates a gold pair in the UI; an annotator changes one of their labels on "My labels", and
 * the admin then sees both versions.
 */
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API } from '../../shared/api';
import type { AssignmentView } from '../../shared/schemas/queue';
import { ApiClient } from '../helpers/client';
import { importPairs, labelFor } from '../helpers/data';
import { type E2eApp, startE2eApp } from './support/app';
import { hasChromium } from './support/browser';
import { ROOT } from './support/build';
import { signIn } from './support/session';

const ADMIN = { name: 'admin', password: 'admin-password-e2e' };
// Screenshots for the README only on request (PREFLOOP_UPDATE_SCREENSHOT=1); otherwise to the OS temp folder.
const shot = (name: string) =>
  process.env.PREFLOOP_UPDATE_SCREENSHOT ? path.join(ROOT, 'docs', 'screenshots', name) : path.join(os.tmpdir(), `prefloop-${name}`);
const ANNOTATOR = { name: 'ann.data', password: 'annotator-password-1' };

describe.skipIf(!hasChromium)('Data page and label review', () => {
  let app: E2eApp;
  let admin: Page;

  /** A fresh Data page (through the admin menu) with a text search applied; waits until it lists `total` comparisons. */
  async function search(text: string, total: number) {
    await admin.goto(`${app.server.url}/#/admin`);
    await admin.getByTestId('admin-nav-data').click();
    await admin.getByTestId('data-page').waitFor();
    expect(admin.url()).toContain('#/admin/data');
    await admin.getByTestId('data-search').fill(text);
    await admin.getByTestId('data-search-submit').click();
    await admin.waitForFunction((n) => document.querySelector('[data-testid="data-total"]')?.textContent?.startsWith(`${n} `), total);
  }

  beforeAll(async () => {
    app = await startE2eApp(ADMIN.password);
    const api = await new ApiClient(app.server.url).login(ADMIN.name, ADMIN.password);
    await importPairs(api, 3, 'e2e prompt');
    await importPairs(api, 1, 'zebra crossing rules');
    expect((await api.post(API.admin.users, { ...ANNOTATOR, role: 'annotator' })).status).toBe(201);
    const ann = await new ApiClient(app.server.url).login(ANNOTATOR.name, ANNOTATOR.password);
    for (;;) {
      const next = await ann.post<{ assignments: AssignmentView[] }>(API.queueNext, { count: 1 });
      const view = next.body.assignments[0];
      if (!view) break;
      expect((await ann.post(API.labels, { ...labelFor(view.assignmentId), pick: 'left', rationale: `about ${view.prompt.text}` })).status).toBe(201);
    }
    admin = await signIn(app.browser, app.server.url, ADMIN.name, ADMIN.password);
  });
  afterAll(() => app?.close());

  it('finds a label by text search, from the Data entry of the admin menu', async () => {
    await search('ZEBRA crossing', 1);
    const item = admin.getByTestId('data-comparison');
    expect(await item.count()).toBe(1);
    expect(await item.getByTestId('data-prompt').textContent()).toBe('zebra crossing rules 0');
    const label = item.getByTestId('data-label');
    expect(await label.textContent()).toContain(ANNOTATOR.name);
    expect(await label.textContent()).toContain('about zebra crossing rules 0');
    expect(await admin.getByTestId('dist-labels').textContent()).toBe('1');
  });

  it('creates a gold pair in the UI', async () => {
    await search('', 4);
    await admin.getByTestId('gold-prompt').fill('Is <b>water</b> wet? (gold e2e)');
    await admin.getByTestId('gold-responseA').fill('Water makes things wet.');
    await admin.getByTestId('gold-responseB').fill('<img src=x onerror="window.__xss=1"> no');
    await admin.getByTestId('gold-answer').selectOption('a');
    await admin.getByTestId('gold-create').click();
    await admin.getByTestId('gold-message').filter({ hasText: 'created' }).waitFor();

    await admin.waitForFunction(() => document.querySelector('[data-testid="data-total"]')?.textContent?.startsWith('5 '));
    await admin.getByTestId('data-kind').selectOption('gold');
    await admin.waitForFunction(() => document.querySelector('[data-testid="data-total"]')?.textContent?.startsWith('1 '));
    const item = admin.getByTestId('data-comparison');
    expect(await item.getByTestId('data-prompt').textContent()).toBe('Is <b>water</b> wet? (gold e2e)'); // as text, not HTML
    expect(await item.locator('h3').textContent()).toContain('gold (answer a)');
    expect(await admin.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();
  });

  it('an annotator changes a label on My labels; the admin sees both versions', async () => {
    const annotator = await signIn(app.browser, app.server.url, ANNOTATOR.name, ANNOTATOR.password);
    await annotator.goto(`${app.server.url}/#/annotate`);
    await annotator.getByTestId('my-labels-link').click();
    await annotator.getByTestId('my-labels-page').waitFor();
    const card = annotator.getByTestId('my-label').first();
    expect(await card.getByTestId('my-label-decision').textContent()).toMatch(/^Left/);
    const prompt = (await card.locator('pre').first().textContent()) ?? '';

    await card.getByTestId('my-label-pick').selectOption('right');
    await card.getByTestId('my-label-strength').selectOption('3');
    await card.getByTestId('my-label-save').click();
    const changed = annotator.getByTestId('my-label').first();
    await changed.getByTestId('my-label-version').filter({ hasText: 'changed 1×' }).waitFor();
    expect(await changed.getByTestId('my-label-decision').textContent()).toBe('Right · significantly better');

    await search(prompt, 1);
    const item = admin.getByTestId('data-comparison');
    await item.getByTestId('data-label-old-version').waitFor();
    const current = (await item.getByTestId('data-label').getByTestId('label-choice').textContent()) ?? '';
    const old = (await item.getByTestId('data-label-old-version').getByTestId('label-choice').textContent()) ?? '';
    expect([current, old].sort()).toEqual(['A', 'B']); // left → right: the other response
    expect(await item.getByTestId('data-label').getAttribute('data-version')).toBe('2');
    expect(await admin.getByTestId('dist-changed').textContent()).toBe('1');
    await admin.screenshot({ path: shot('data-page.png'), fullPage: true });
    await annotator.context().close();
  });
});
