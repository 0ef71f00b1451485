/**
 * The annotate page under the queue's rate limit, in a real browser against the real server: when fetching pairs
 * is refused with 429 rate_limited, the page says so and fetches again by itself once the server's Retry-After has
 * passed, so the annotator never has to reload (EmptyQueue promises that new pairs appear automatically).
 */
import type { Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API } from '../../shared/api';
import { ApiClient } from '../helpers/client';
import { importPairs } from '../helpers/data';
import { type E2eApp, startE2eApp } from './support/app';
import { hasChromium } from './support/browser';
import { signIn } from './support/session';

const ADMIN = { name: 'admin', password: 'admin-password-e2e' };
const ANNOTATOR = { name: 'ann.limited', password: 'annotator-password-1' };
/** queue:next once per 2 s per user (bursts of 1): a reload right after the first fetch is refused. */
const RATE_PER_S = '0.5';

describe.skipIf(!hasChromium)('annotate page under the rate limit', () => {
  let app: E2eApp;

  beforeAll(async () => {
    process.env.PREFLOOP_RATE_LIMIT_PER_S = RATE_PER_S;
    try {
      app = await startE2eApp(ADMIN.password);
    } finally {
      delete process.env.PREFLOOP_RATE_LIMIT_PER_S;
    }
    const admin = await new ApiClient(app.server.url).login(ADMIN.name, ADMIN.password);
    await admin.post(API.admin.users, { ...ANNOTATOR, role: 'annotator' });
    await importPairs(admin, 3);
  });
  afterAll(() => app?.close());

  it('shows the refusal, then the pair, without any action once Retry-After has passed', async () => {
    const page: Page = await signIn(app.browser, app.server.url, ANNOTATOR.name, ANNOTATOR.password);
    await page.getByTestId('pair').waitFor(); // the first fetch took the only token
    const refusals: Response[] = [];
    page.on('response', (r) => {
      if (r.url().endsWith(API.queueNext) && r.status() === 429) refusals.push(r);
    });
    await page.reload();
    await page.getByTestId('empty-queue').getByText(/Could not reach the queue/).waitFor({ timeout: 5_000 });
    expect(refusals.length).toBeGreaterThan(0);
    expect(Number(await refusals[0].headerValue('retry-after'))).toBeGreaterThanOrEqual(1);
    await page.getByTestId('pair').waitFor({ timeout: 15_000 }); // no reload, no click
    expect(await page.getByTestId('empty-queue').count()).toBe(0);
  });
});
