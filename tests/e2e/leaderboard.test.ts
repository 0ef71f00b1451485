/**
 * The leaderboard page in a real browser against the real server (SQLite file, the fit in a worker thread):
 * an admin opens it from the admin navigation, sees the empty state that says where ratings come from, then,
 * once cross-version pairs are labelled, the versions in the order their labels imply, each with a 95 %
 * interval bar; an external model whose name is HTML shows as inert text.
 */
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../server/ml/random';
import { type E2eApp, startE2eApp } from './support/app';
import { hasChromium } from './support/browser';
import { ROOT } from './support/build';
import { signIn } from './support/session';

const ADMIN = { name: 'admin', password: 'admin-password-e2e' };
const XSS_MODEL = '<img src=x onerror="window.__xss=4">';
/** True strengths (Elo) the simulated labels are drawn from; v5 is the live version, v6 is not rated yet. */
const TRUE_ELO: Record<string, number> = { 'policy:v1': 0, 'policy:v2': 100, 'policy:v3': 200, 'policy:v4': 300, 'policy:v5': 400, [`model:${XSS_MODEL}`]: 250 };
/** Who met whom and how often: each version against the previous one and the starter; the model against v3 and v4. */
const SCHEDULE: [string, string, number][] = [
  ['policy:v2', 'policy:v1', 50],
  ['policy:v3', 'policy:v2', 50],
  ['policy:v4', 'policy:v3', 50],
  ['policy:v5', 'policy:v4', 50],
  ['policy:v3', 'policy:v1', 20],
  ['policy:v4', 'policy:v1', 20],
  ['policy:v5', 'policy:v1', 20],
  [`model:${XSS_MODEL}`, 'policy:v3', 30],
  [`model:${XSS_MODEL}`, 'policy:v4', 30],
];

// Screenshots for the README only on request (PREFLOOP_UPDATE_SCREENSHOT=1); otherwise to the OS temp folder.
const shot = (name: string) =>
  process.env.PREFLOOP_UPDATE_SCREENSHOT ? path.join(ROOT, 'docs', name) : path.join(os.tmpdir(), `prefloop-${name}`);

/**
 * One prompt, two responses, one comparison and one label per game, written through the store: the labels a
 * simulated annotator would give (Bradley–Terry on the true strengths, 10 % ties), with a coin for which side is a.
 */
function seedLabelledPairs(app: E2eApp): number {
  const { store } = app.server.ctx;
  const adminId = store.db.prepare('SELECT id FROM users WHERE name = ?').pluck().get(ADMIN.name) as number;
  const rand = createRng(42).next;
  let games = 0;
  store.transaction(() => {
    const policyIds = [1, 2, 3, 4, 5, 6].map(() => store.policies.register({ kind: 'builtin', checkpointPath: null }).id);
    store.policies.activate(policyIds[4]);
    const respond = (player: string, promptId: number) => {
      const text = `an answer of ${player} to prompt ${promptId}`;
      const version = /^policy:v(\d+)$/.exec(player)?.[1];
      return store.responses.upsert(version ? { promptId, policyId: policyIds[Number(version) - 1], text } : { promptId, modelName: player.slice(6), text }).id;
    };
    for (const [x, y, n] of SCHEDULE) {
      for (let k = 0; k < n; k++) {
        const promptId = store.prompts.upsert({ text: `leaderboard e2e prompt ${games}` }).id;
        const [a, b] = rand() < 0.5 ? [x, y] : [y, x];
        const comparisonId = store.comparisons.insert({ promptId, responseA: respond(a, promptId), responseB: respond(b, promptId), kind: 'train', priority: 0, overlapTarget: 1 });
        const pA = 1 / (1 + 10 ** ((TRUE_ELO[b] - TRUE_ELO[a]) / 400));
        const r = rand();
        const choice = r < 0.1 ? 'tie' : rand() < pA ? 'a' : 'b';
        store.db
          .prepare(
            `INSERT INTO labels (comparison_id, user_id, choice, strength, shown_order, time_ms, idempotency_key)
             VALUES (?, ?, ?, 2, 'ab', 1000, ?)`,
          )
          .run(comparisonId, adminId, choice, `leaderboard-e2e-${games}`);
        games++;
      }
    }
  });
  return games;
}

const rowIds = (page: Page) => page.locator('[data-testid^="leaderboard-row-"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-testid')?.slice('leaderboard-row-'.length)));

describe.skipIf(!hasChromium)('leaderboard: Bradley–Terry ratings of policy versions from labels', () => {
  let app: E2eApp;
  let browser: Browser;
  let admin: Page;

  beforeAll(async () => {
    app = await startE2eApp(ADMIN.password);
    browser = app.browser;
  });
  afterAll(() => app?.close());

  it('is in the admin navigation and explains where its data comes from while there is none', async () => {
    admin = await signIn(browser, app.server.url, ADMIN.name, ADMIN.password);
    await admin.getByTestId('admin-nav-leaderboard').click();
    await admin.getByTestId('leaderboard-page').waitFor();
    expect(admin.url()).toContain('#/admin/leaderboard');
    expect(await admin.getByTestId('admin-nav-leaderboard').getAttribute('aria-current')).toBe('page');
    const empty = (await admin.getByTestId('leaderboard-empty').textContent()) ?? '';
    expect(empty).toContain('label cross-version pairs');
    expect(await admin.getByTestId('leaderboard-table').count()).toBe(0);
  });

  it('shows the versions in the order of their labels, each with a 95 % interval, and the model name as text', async () => {
    const games = seedLabelledPairs(app);
    await admin.getByTestId('leaderboard-refresh').click();
    await admin.getByTestId('leaderboard-table').waitFor({ timeout: 60_000 });

    expect(await admin.getByTestId('leaderboard-labels').textContent()).toContain(`${games} labels · v1 = 0`);
    const ids = await rowIds(admin);
    expect(ids).toHaveLength(6);
    // adjacent versions 100 Elo apart (64 % preferred) with 50 games each, plus 20 against the starter: the labels
    // (of this seed) give the versions' true order
    const versions = ids.filter((id) => id?.startsWith('policy:'));
    expect(versions).toEqual(['policy:v5', 'policy:v4', 'policy:v3', 'policy:v2', 'policy:v1']);
    expect(await admin.getByTestId('leaderboard-score-policy:v1').textContent()).toBe('0');

    for (const id of ids.filter((id) => id !== 'policy:v1')) {
      const ci = admin.getByTestId(`ci-${id}`);
      const [lo, hi] = [Number(await ci.getAttribute('data-lo')), Number(await ci.getAttribute('data-hi'))];
      expect(hi, `${id}`).toBeGreaterThan(lo);
      expect(await ci.locator('.ci-bar').count()).toBe(1);
    }
    const v1 = admin.getByTestId('ci-policy:v1');
    expect([Number(await v1.getAttribute('data-lo')), Number(await v1.getAttribute('data-hi'))]).toEqual([0, 0]);

    const active = admin.getByTestId('leaderboard-row-policy:v5').locator('.status-badge');
    expect(await active.textContent()).toBe('active');
    expect(await admin.getByTestId('leaderboard-unrated').textContent()).toContain('v6');

    const modelRow = admin.getByTestId(`leaderboard-row-model:${XSS_MODEL}`);
    expect(await modelRow.locator('td').nth(1).textContent()).toContain(XSS_MODEL);
    expect(await admin.locator('[data-testid="leaderboard-table"] img').count()).toBe(0);
    expect(await admin.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();

    mkdirSync(path.dirname(shot('leaderboard.png')), { recursive: true });
    await admin.screenshot({ path: shot('leaderboard.png') });
  });

  it('an admin rolls back to another version on the Models page, and the leaderboard marks that one active', async () => {
    await admin.getByTestId('admin-nav-models').click();
    await admin.getByTestId('policies-table').waitFor();
    expect(await admin.getByTestId('policy-row-v5').getAttribute('data-active')).toBe('true');
    await admin.getByTestId('policy-activate-v4').click(); // older than the active v5: a roll back
    await admin.locator('[data-testid="policy-row-v4"][data-active="true"]').waitFor();
    expect(await admin.getByTestId('policy-row-v5').getAttribute('data-active')).toBe('false');
    expect(app.server.ctx.store.policies.active()?.version).toBe(4);

    await admin.getByTestId('admin-nav-leaderboard').click();
    await admin.getByTestId('leaderboard-refresh').click();
    await admin.getByTestId('leaderboard-row-policy:v4').locator('.status-badge').waitFor();
    expect(await admin.getByTestId('leaderboard-row-policy:v5').locator('.status-badge').count()).toBe(0);
  });
});
