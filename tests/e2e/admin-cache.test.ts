/**
 * The Admin overview's data through the TanStack Query cache, in a real browser against the real server: what
 * changed while the overview was not on screen shows when it comes back (no reload), a change on the overview
 * reaches the Annotators page already cached, saved settings stay saved, and the users list pages.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API } from '../../shared/api';
import type { QueueSettings } from '../../shared/schemas/queue';
import { ApiClient } from '../helpers/client';
import { type E2eApp, startE2eApp } from './support/app';
import { hasChromium } from './support/browser';
import { signIn } from './support/session';

const ADMIN = { name: 'admin', password: 'admin-password-e2e' };
const PAGE_SIZE = 25; // the users list's page

describe.skipIf(!hasChromium)('Admin overview data through the query cache', () => {
  let app: E2eApp;
  let api: ApiClient;
  let admin: Page;

  const text = (testId: string) => admin.getByTestId(testId).textContent();
  const createAnnotator = async (name: string) =>
    expect((await api.post(API.admin.users, { name, password: 'annotator-password-1', role: 'annotator' })).status).toBe(201);
  /** Client-side navigation through the admin menu: the page (and the query cache) is never reloaded. */
  const openAdmin = async (page: 'overview' | 'runs' | 'annotators') => {
    await admin.getByTestId(`admin-nav-${page}`).click();
    await admin.getByTestId(page === 'overview' ? 'admin-page' : page === 'runs' ? 'runs-page' : 'annotators-table').waitFor();
  };

  beforeAll(async () => {
    app = await startE2eApp(ADMIN.password);
    api = await new ApiClient(app.server.url).login(ADMIN.name, ADMIN.password);
    admin = await signIn(app.browser, app.server.url, ADMIN.name, ADMIN.password);
    await admin.getByTestId('admin-page').waitFor();
    await admin.evaluate(() => {
      (window as unknown as { __noReload: boolean }).__noReload = true;
    });
  });
  afterAll(() => app?.close());

  it('shows users created while the overview was closed when it comes back, in the counts and the list', async () => {
    await expect.poll(() => text('admin-count-users')).toBe('1');
    await openAdmin('runs');
    await createAnnotator('while.away');
    await openAdmin('overview');
    await expect.poll(() => text('admin-count-users')).toBe('2');
    await admin.getByTestId('user-row-while.away').waitFor();
  });

  it('a user disabled on the overview shows as disabled on the Annotators page it had cached', async () => {
    await openAdmin('annotators');
    const annotatorRow = admin.getByTestId('annotator-row-while.away');
    expect(await annotatorRow.textContent()).not.toContain('disabled');
    await openAdmin('overview');
    await admin.getByTestId('user-row-while.away').getByRole('button', { name: 'Disable while.away' }).click();
    await admin.getByTestId('user-row-while.away').getByRole('button', { name: 'Enable while.away' }).waitFor();
    await openAdmin('annotators');
    await annotatorRow.getByRole('button', { name: 'Enable while.away' }).waitFor();
    expect(await annotatorRow.textContent()).toContain('disabled');
  });

  it('saves queue settings: the server has them, and the form shows them after leaving and after a reload', async () => {
    await openAdmin('overview');
    const before = (await api.get<QueueSettings>(API.admin.settings)).body;
    const next: QueueSettings = { overlap: before.overlap + 1, goldRate: 0.25, leaseSeconds: before.leaseSeconds + 60 };
    const form = async () => ({
      overlap: Number(await admin.getByTestId('settings-overlap').inputValue()),
      goldRate: Number(await admin.getByTestId('settings-gold-rate').inputValue()),
      leaseSeconds: Number(await admin.getByTestId('settings-lease').inputValue()),
    });
    await expect.poll(form).toEqual(before);

    await admin.getByTestId('settings-overlap').fill(String(next.overlap));
    await admin.getByTestId('settings-gold-rate').fill(String(next.goldRate));
    await admin.getByTestId('settings-lease').fill(String(next.leaseSeconds));
    await admin.getByTestId('settings-save').click();
    await admin.getByTestId('settings-form').getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    expect((await api.get<QueueSettings>(API.admin.settings)).body).toEqual(next);

    await openAdmin('runs');
    await openAdmin('overview');
    await expect.poll(form).toEqual(next);
    expect(await admin.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
    await admin.reload();
    await expect.poll(form).toEqual(next);
  });

  it('pages through the users list with previous and next', async () => {
    // admin + while.away + these: one more than a page, and a bit
    const extra = PAGE_SIZE + 1;
    for (let i = 0; i < extra; i++) await createAnnotator(`pager.${String(i).padStart(2, '0')}`);
    const total = extra + 2;
    await admin.reload();
    const panel = admin.locator('section[aria-labelledby="users-title"]');
    const rows = panel.locator('[data-testid^="user-row-"]');
    const pager = panel.locator('.pager');
    await expect.poll(() => pager.locator('.muted').textContent()).toBe(`1–${PAGE_SIZE} of ${total}`);
    expect(await rows.count()).toBe(PAGE_SIZE);
    const firstPage = await rows.allTextContents();

    await pager.getByRole('button', { name: 'Next' }).click();
    await expect.poll(() => pager.locator('.muted').textContent()).toBe(`${PAGE_SIZE + 1}–${total} of ${total}`);
    await expect.poll(() => rows.count()).toBe(total - PAGE_SIZE);
    expect(await pager.getByRole('button', { name: 'Next' }).isDisabled()).toBe(true);
    const secondPage = await rows.allTextContents();
    expect(secondPage.filter((row) => firstPage.includes(row))).toEqual([]);

    await pager.getByRole('button', { name: 'Previous' }).click();
    await expect.poll(() => rows.allTextContents()).toEqual(firstPage);
    expect(await pager.getByRole('button', { name: 'Previous' }).isDisabled()).toBe(true);
  });
});
