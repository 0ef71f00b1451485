/**
 * The Export panel in a real browser against the real server: the admin picks a format and a filter and clicks
 * Download (an <a download> on the export route, the session cookie carrying the auth), then freezes the same
 * export as a snapshot and downloads its file from the snapshot list.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../shared/contract';
import { ApiClient } from '../helpers/client';
import { type E2eApp, startE2eApp } from './support/app';
import { hasChromium } from './support/browser';
import { signIn } from './support/session';

const ADMIN = { name: 'admin', password: 'admin-password-e2e' };
const PAIRS = [
  { prompt: 'Name a prime.', chosen: '7', rejected: '8' },
  { prompt: 'Capital of France?', chosen: 'Paris', rejected: 'Lyon' },
];

describe.skipIf(!hasChromium)('Export panel on the Admin page', () => {
  let app: E2eApp;
  let admin: Page;

  /** Clicks `link` and returns the downloaded file's text and suggested name. */
  async function download(click: () => Promise<void>): Promise<{ text: string; name: string }> {
    const [file] = await Promise.all([admin.waitForEvent('download'), click()]);
    return { text: readFileSync(await file.path(), 'utf8'), name: file.suggestedFilename() };
  }

  beforeAll(async () => {
    app = await startE2eApp(ADMIN.password);
    const api = await new ApiClient(app.server.url).login(ADMIN.name, ADMIN.password);
    const content = PAIRS.map((p) => JSON.stringify(p)).join('\n');
    expect((await api.post(ROUTES.adminImportLabelledPairs.path, { format: 'trl', content })).status).toBe(200);
    admin = await signIn(app.browser, app.server.url, ADMIN.name, ADMIN.password);
  });
  afterAll(() => app?.close());

  it('downloads the export in the chosen format, then freezes it as a snapshot and downloads that', async () => {
    await admin.goto(`${app.server.url}/#/admin`);
    await admin.getByTestId('export-panel').waitFor();
    await admin.getByTestId('export-format').selectOption('trl');
    await admin.getByTestId('export-since').fill('2000-01-01');
    expect(await admin.getByTestId('export-download').getAttribute('href')).toBe('/api/admin/export?format=trl&mode=each_label&since=2000-01-01');

    const exported = await download(() => admin.getByTestId('export-download').click());
    expect(exported.name).toMatch(/^prefloop-trl-\d{4}-\d{2}-\d{2}\.jsonl$/);
    const [first, ...rest] = exported.text.trim().split('\n');
    expect(JSON.parse(first)).toEqual({ ...PAIRS[0], margin: expect.any(Number) });
    expect(rest).toHaveLength(PAIRS.length - 1);

    await admin.getByTestId('snapshot-name').fill('e2e-prefs');
    await admin.getByTestId('snapshot-create').click();
    await admin.getByTestId('snapshot-result').filter({ hasText: 'e2e-prefs v1' }).waitFor();
    const row = admin.locator('[data-testid^="snapshot-row-"]', { hasText: 'e2e-prefs v1' });
    await row.waitFor();
    expect(await row.textContent()).toContain('since=2000-01-01T00:00:00.000Z');

    const frozen = await download(() => row.getByRole('link', { name: 'Download e2e-prefs v1' }).click());
    expect(frozen.name).toBe('prefloop-e2e-prefs-v1.jsonl');
    expect(frozen.text).toBe(exported.text);
  });
});
