/**
 * The Annotators page, dark mode and a phone-sized screen in a real browser against the real server. Three
 * annotators label four pairs through the API by a fixed plan (tests/helpers/annotator-plan.ts; the κ values below
 * are computed by hand in tests/integration/annotators.test.ts); the admin opens Annotators from the admin
 * navigation and sees them, opens one annotator at its own URL and disables them. The annotate and admin pages
 * render dark under a dark system setting, the top bar's toggle overrides it (kept across reloads), and at 390 px
 * wide no page scrolls sideways.
 */
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API } from '../../shared/api';
import { ROUTES } from '../../shared/contract';
import type { Choice } from '../../shared/schemas/labels';
import { type Annotator, labelByPlan } from '../helpers/annotator-plan';
import { ApiClient } from '../helpers/client';
import { importPairs } from '../helpers/data';
import { type E2eApp, startE2eApp } from './support/app';
import { hasChromium } from './support/browser';
import { ROOT } from './support/build';
import { VIEWPORT } from './support/session';

const ADMIN = { name: 'admin', password: 'admin-password-e2e' };
const PLAN: Record<string, Choice[]> = {
  ann1: ['a', 'b', 'a', 'tie'],
  ann2: ['a', 'b', 'b', 'tie'],
  ann3: ['a', 'a', 'b', 'both_bad'],
};
const PHONE = { width: 390, height: 844 };
const DARK_BG = 'rgb(15, 18, 24)'; // --bg, dark
const LIGHT_BG = 'rgb(245, 246, 248)'; // --bg, light

// Screenshots for the README only on request (PREFLOOP_UPDATE_SCREENSHOT=1); otherwise to the OS temp folder.
const shot = (name: string) =>
  process.env.PREFLOOP_UPDATE_SCREENSHOT ? path.join(ROOT, 'docs', 'screenshots', name) : path.join(os.tmpdir(), `prefloop-${name}`);

async function signIn(browser: Browser, url: string, name: string, password: string, options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: VIEWPORT, ...options });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[browser ${name}] ${error.message}`));
  await page.goto(url);
  await page.getByTestId('login-name').fill(name);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('current-user').waitFor();
  return page;
}

const background = (page: Page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
const pageWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

describe.skipIf(!hasChromium)('Annotators page, dark mode, 390 px', () => {
  let app: E2eApp;
  let users: Record<string, Annotator>;

  beforeAll(async () => {
    app = await startE2eApp(ADMIN.password);
    const admin = await new ApiClient(app.server.url).login(ADMIN.name, ADMIN.password);
    const plan = await labelByPlan(admin, PLAN);
    users = plan.users;
    for (const [i, answer] of [[0, 'a'], [2, 'b']] as const) {
      await admin.route(ROUTES.adminGold, { body: { comparisonId: plan.comparisonOf.get(i) as number, answer } });
    }
    await admin.post(API.admin.users, { name: 'idle', password: 'idle-password', role: 'annotator' });
    await importPairs(admin, 3, 'fresh prompt'); // pairs left for the annotate page
  });
  afterAll(() => app?.close());

  it("shows each annotator's figures, the κ matrix, Fleiss' κ and α, and one annotator's own page", async () => {
    const page = await signIn(app.browser, app.server.url, ADMIN.name, ADMIN.password);
    await page.getByTestId('admin-nav-annotators').click();
    await page.getByTestId('annotators-table').waitFor();
    expect(page.url()).toContain('#/admin/annotators');
    expect(await page.getByTestId('annotator-row-ann1').getByTestId('annotator-majority').textContent()).toBe('50 % (1/2)');
    expect(await page.getByTestId('annotator-row-ann1').getByTestId('annotator-gold').textContent()).toBe('50 % (1/2)');
    // Cohen's κ: 7/11, −1/11, 1/3; Fleiss 13/49; α 16/49
    expect(await page.getByTestId('kappa-ann1-ann2').textContent()).toBe('0.64');
    expect(await page.getByTestId('kappa-ann3-ann1').textContent()).toBe('−0.09');
    expect(await page.getByTestId('kappa-ann2-ann3').textContent()).toBe('0.33');
    expect(await page.getByTestId('fleiss-kappa').textContent()).toContain('0.27');
    expect(await page.getByTestId('krippendorff-alpha').textContent()).toContain('0.33');
    await page.screenshot({ path: shot('annotators.png'), fullPage: true });

    await page.getByTestId('annotator-link-ann3').click();
    await page.getByTestId('recent-labels').waitFor();
    expect(page.url()).toContain(`#/admin/annotators/${users.ann3.user.id}`);
    expect(await page.getByTestId('pair-kappa-ann2').textContent()).toBe('0.33');
    expect(await page.locator('[data-testid^="recent-label-"]').count()).toBe(4);
    expect(await page.getByTestId('admin-nav-annotators').getAttribute('aria-current')).toBe('page');

    await page.getByTestId('annotator-toggle-disabled').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="annotator-status"]')?.textContent === 'disabled');
    expect((await users.ann3.route(ROUTES.me)).status).toBe(401); // disabling ended their session
    await page.context().close();
  });

  it('follows a dark system setting on the annotate and admin pages, and the toggle overrides it across reloads', async () => {
    const annotator = await signIn(app.browser, app.server.url, 'idle', 'idle-password', { colorScheme: 'dark' });
    await annotator.getByTestId('pair').waitFor();
    expect(await background(annotator)).toBe(DARK_BG);
    await annotator.screenshot({ path: shot('annotate-dark.png') });
    await annotator.context().close();

    const admin = await signIn(app.browser, app.server.url, ADMIN.name, ADMIN.password, { colorScheme: 'dark' });
    await admin.goto(`${app.server.url}/#/admin/annotators`);
    await admin.getByTestId('kappa-matrix').waitFor();
    expect(await background(admin)).toBe(DARK_BG);

    await admin.getByTestId('theme-toggle').click(); // dark system → light, pinned
    expect(await background(admin)).toBe(LIGHT_BG);
    await admin.reload();
    await admin.getByTestId('kappa-matrix').waitFor();
    expect(await background(admin)).toBe(LIGHT_BG);
    await admin.getByTestId('theme-toggle').click(); // back to the system's dark: the pin is forgotten
    expect(await background(admin)).toBe(DARK_BG);
    expect(await admin.evaluate(() => localStorage.getItem('prefloop.theme'))).toBeNull();
    await admin.context().close();
  });

  it('fits a 390 px screen without sideways scrolling, light and dark', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const annotator = await signIn(app.browser, app.server.url, 'idle', 'idle-password', { viewport: PHONE, colorScheme });
      await annotator.getByTestId('pair').waitFor();
      expect(await pageWidth(annotator), `annotate, ${colorScheme}`).toBeLessThanOrEqual(PHONE.width);
      if (colorScheme === 'light') await annotator.screenshot({ path: shot('annotate-390.png'), fullPage: true });
      await annotator.context().close();

      const admin = await signIn(app.browser, app.server.url, ADMIN.name, ADMIN.password, { viewport: PHONE, colorScheme });
      for (const [hash, ready] of [
        ['#/admin', 'users-table'],
        ['#/admin/annotators', 'kappa-matrix'],
        [`#/admin/annotators/${users.ann1.user.id}`, 'recent-labels'],
        ['#/admin/runs', 'runs-page'],
        ['#/admin/models', 'models-page'],
        ['#/admin/leaderboard', 'leaderboard-page'],
      ]) {
        await admin.goto(`${app.server.url}/${hash}`);
        await admin.getByTestId(ready).waitFor();
        expect(await pageWidth(admin), `${hash}, ${colorScheme}`).toBeLessThanOrEqual(PHONE.width);
      }
      for (const id of ['nav-annotate', 'nav-admin', 'current-user', 'theme-toggle', 'logout']) {
        const box = await admin.getByTestId(id).boundingBox();
        expect(box && box.x >= 0 && box.x + box.width <= PHONE.width, `${id} whole on screen`).toBe(true);
      }
      if (colorScheme === 'dark') {
        await admin.goto(`${app.server.url}/#/admin/annotators`);
        await admin.getByTestId('kappa-matrix').waitFor();
        await admin.screenshot({ path: shot('annotators-390-dark.png'), fullPage: true });
      }
      await admin.context().close();
    }
  });
});
