/**
 * API tokens in a real browser against the real server: an admin creates a token on the Admin page (its secret
 * shown once), a script uses it as a bearer token, the admin revokes it, and the same token is refused.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../shared/contract';
import { type E2eApp, startE2eApp } from './support/app';
import { hasChromium } from './support/browser';
import { signIn } from './support/session';

const ADMIN = { name: 'admin', password: 'admin-password-e2e' };

describe.skipIf(!hasChromium)('API tokens on the Admin page', () => {
  let app: E2eApp;
  let admin: Page;
  const me = (token: string) => fetch(`${app.server.url}${ROUTES.me.path}`, { headers: { authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    app = await startE2eApp(ADMIN.password);
    admin = await signIn(app.browser, app.server.url, ADMIN.name, ADMIN.password);
  });
  afterAll(() => app?.close());

  it('creates a token whose secret is shown once and works as a bearer token, then revokes it', async () => {
    await admin.goto(`${app.server.url}/#/admin`);
    await admin.getByTestId('tokens-table').waitFor();
    await admin.getByTestId('new-token-label').fill('nightly export');
    await admin.getByTestId('new-token-days').fill('30');
    await admin.getByTestId('create-token').click();
    const secret = (await admin.getByTestId('created-token-secret').textContent()) ?? '';
    expect(secret.length).toBeGreaterThan(20);
    expect((await me(secret)).status).toBe(200);

    const row = admin.locator('[data-testid^="token-row-"]', { hasText: 'nightly export' });
    await row.waitFor();
    expect(await row.getByTestId('token-status').textContent()).toBe('active');
    expect(await row.textContent()).toContain('admin');
    expect(await admin.getByTestId('tokens-table').textContent()).not.toContain(secret); // lists never show secrets

    await row.getByRole('button', { name: 'Revoke nightly export of admin' }).click();
    await admin.waitForFunction(() =>
      [...document.querySelectorAll('[data-testid^="token-row-"]')].some((r) => r.textContent?.includes('nightly export') && r.textContent.includes('revoked')),
    );
    expect((await me(secret)).status).toBe(401);
  });
});
