/**
 * The annotator-quality routes against the real server and SQLite file. Three annotators label four pairs (overlap
 * k = 3) through the real queue and label API, each following a fixed plan of STORED choices (a / b relative to
 * response_a; tests/helpers/annotator-plan.ts picks the side response_a was shown on), so the shown-order swap must
 * be undone for the figures to come out as computed by hand below. Two pairs are then made gold.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../shared/contract';
import type { AnnotatorsPage } from '../../shared/schemas/annotators';
import type { Choice } from '../../shared/schemas/labels';
import { annotatorQuality } from '../../server/labels/annotator-quality';
import { annotatorStatsRepo } from '../../server/store/annotator-stats';
import { type TestApp, startTestApp } from '../helpers/app';
import { type Annotator, labelByPlan } from '../helpers/annotator-plan';

//            prompt 0   1   2   3
const PLAN: Record<string, Choice[]> = {
  ann1: ['a', 'b', 'a', 'tie'],
  ann2: ['a', 'b', 'b', 'tie'],
  ann3: ['a', 'a', 'b', 'both_bad'],
};
const NAMES = Object.keys(PLAN);
const promptIndex = (text: string) => Number(text.split(' ').at(-1));

describe('annotator quality routes', () => {
  let app: TestApp;
  let users: Record<string, Annotator>;
  let leftPicks: Record<string, number>;
  let comparisonOf: Map<number, number>; // prompt index → comparison id

  const list = async (query: Record<string, unknown> = {}): Promise<AnnotatorsPage> => {
    const response = await app.admin.route(ROUTES.adminAnnotators, { query });
    expect(response.status, response.text).toBe(200);
    return response.body;
  };

  beforeAll(async () => {
    app = await startTestApp();
    ({ users, leftPicks, comparisonOf } = await labelByPlan(app.admin, PLAN));
    users.idle = await app.user('idle');
    // made gold after labelling: prompt 0's answer is a, prompt 2's is b
    for (const [i, answer] of [[0, 'a'], [2, 'b']] as const) {
      const gold = await app.admin.route(ROUTES.adminGold, { body: { comparisonId: comparisonOf.get(i) as number, answer } });
      expect(gold.status, gold.text).toBe(200);
    }
  });
  afterAll(() => app?.close());

  it('lists every annotator with volume, median time, majority and gold agreement', async () => {
    const page = await list();
    expect(page.total).toBe(4); // the three, and one without labels; not the admin (no labels)
    expect(page.items.map((a) => a.user.name)).toEqual(['ann1', 'ann2', 'ann3', 'idle']);
    const [ann1, ann2, ann3, idle] = page.items;
    expect(page.items.map((a) => a.labels)).toEqual([4, 4, 4, 0]);
    // times (n + 1)·(i + 1) s: ann1 1 2 3 4 → 2.5; ann2 2 4 6 8 → 5; ann3 3 6 9 12 → 7.5
    expect(page.items.map((a) => a.medianSeconds)).toEqual([2.5, 5, 7.5, null]);
    // leave-one-out majority: prompt 0 everyone ✓; 1: ann3 (a) vs b,b ✗, the others have no unique majority;
    // 2: ann1 (a) vs b,b ✗; 3: ann3 (both bad) vs tie,tie ✗ → ann1 1/2, ann2 1/1, ann3 1/3
    expect([ann1.majority, ann2.majority, ann3.majority]).toEqual([
      { agreed: 1, compared: 2, rate: 0.5 },
      { agreed: 1, compared: 1, rate: 1 },
      { agreed: 1, compared: 3, rate: 1 / 3 },
    ]);
    // gold 0 = a, 2 = b: ann1 a ✓ a ✗; ann2 a ✓ b ✓; ann3 a ✓ b ✓
    expect([ann1.gold, ann2.gold, ann3.gold].map((g) => [g.agreed, g.compared])).toEqual([[1, 2], [2, 2], [2, 2]]);
    expect(idle).toMatchObject({ labels: 0, majority: { compared: 0, rate: null }, gold: { compared: 0 } });
    // left picks: whatever side the queue showed response_a on, as the annotators picked it
    expect(page.items.slice(0, 3).map((a) => a.leftPicks.left)).toEqual(NAMES.map((n) => leftPicks[n]));
    expect(page.items.slice(0, 3).map((a) => a.leftPicks.picks)).toEqual([3, 3, 3]);
  });

  it("gives Cohen's κ between annotators, Fleiss' κ and Krippendorff's α over the overlapped pairs", async () => {
    const page = await list();
    const id = (name: string) => users[name].user.id;
    const kappa = (x: string, y: string) => page.pairs.find((p) => p.a === id(x) && p.b === id(y));
    // 1–2: (a,a) (b,b) (a,b) (tie,tie): p_o = 3/4; ann1 a2 b1 tie1, ann2 a1 b2 tie1 → p_e = 5/16; κ = (12 − 5)/(16 − 5) = 7/11
    // 1–3: (a,a) (b,a) (a,b) (tie,bb): p_o = 1/4; ann3 a2 b1 bb1 → p_e = 5/16; κ = (4 − 5)/11 = −1/11
    // 2–3: (a,a) (b,a) (b,b) (tie,bb): p_o = 2/4; p_e = (1·2 + 2·1)/16 = 4/16; κ = (8 − 4)/12 = 1/3
    expect(kappa('ann1', 'ann2')).toMatchObject({ shared: 4, agreed: 3 });
    expect(kappa('ann1', 'ann2')?.kappa).toBeCloseTo(7 / 11, 12);
    expect(kappa('ann1', 'ann3')?.kappa).toBeCloseTo(-1 / 11, 12);
    expect(kappa('ann2', 'ann3')?.kappa).toBeCloseTo(1 / 3, 12);
    expect(page.pairs).toHaveLength(3);
    // Fleiss, 4 pairs × 3: P_i = 1, 1/3, 1/3, 1/3 → P̄ = 1/2; p = a 5/12, b 4/12, tie 2/12, bb 1/12 → P̄_e = 46/144
    //   κ = (72 − 46)/(144 − 46) = 13/49
    // α: n = 12, disagreeing 2 + 2 + 2 = 6 (pairs 1–3), Σ_{c≠k} n_c n_k = 144 − 46 = 98 → α = 1 − 11·6/98 = 16/49
    expect(page.overall).toMatchObject({ labels: 12, overlapped: 4, fleiss: { items: 4, raters: 3 }, alpha: { items: 4, ratings: 12 } });
    expect(page.overall.fleiss.kappa).toBeCloseTo(13 / 49, 12);
    expect(page.overall.alpha.alpha).toBeCloseTo(16 / 49, 12);
  });

  it('pages annotators by name, with κ between annotators of the page only', async () => {
    const page = await list({ limit: 2, offset: 1 });
    expect(page).toMatchObject({ total: 4, limit: 2, offset: 1 });
    expect(page.items.map((a) => a.user.name)).toEqual(['ann2', 'ann3']);
    expect(page.pairs.map((p) => [p.a, p.b])).toEqual([[users.ann2.user.id, users.ann3.user.id]]);
    expect(page.overall.labels).toBe(12);
  });

  it('shows one annotator with κ against each other annotator and their recent labels', async () => {
    const response = await app.admin.route(ROUTES.adminAnnotator, { params: { id: users.ann3.user.id } });
    expect(response.status, response.text).toBe(200);
    const { annotator, pairs, recentLabels } = response.body;
    expect(annotator.user.name).toBe('ann3');
    expect(annotator.gold).toEqual({ agreed: 2, compared: 2, rate: 1 });
    expect(pairs.map((p) => p.otherName).sort()).toEqual(['ann1', 'ann2']);
    expect(pairs.find((p) => p.otherName === 'ann2')?.kappa).toBeCloseTo(1 / 3, 12);
    expect(recentLabels).toHaveLength(4);
    expect(recentLabels.map((l) => l.id)).toEqual([...recentLabels.map((l) => l.id)].sort((x, y) => y - x));
    const byPrompt = new Map(recentLabels.map((l) => [promptIndex(l.prompt), l]));
    expect([0, 1, 2, 3].map((i) => byPrompt.get(i)?.choice)).toEqual(PLAN.ann3);
    expect(byPrompt.get(2)).toMatchObject({ kind: 'gold', goldAnswer: 'b', labelCount: 3, comparisonId: comparisonOf.get(2) });
    expect(byPrompt.get(1)).toMatchObject({ kind: 'train', goldAnswer: null });
  });

  it('computes the same figures in a worker thread as in place', async () => {
    const repo = annotatorStatsRepo(app.server.db);
    const inPlace = await annotatorQuality(repo, { chunk: 5 });
    const inWorker = await annotatorQuality(repo, { chunk: 5, workerFrom: 0 });
    expect(inWorker).toEqual(inPlace);
    expect(inPlace.overall.labels).toBe(12);
  });

  it('disables an annotator through the users route, which the list then shows', async () => {
    const update = await app.admin.route(ROUTES.adminUserUpdate, { params: { id: users.idle.user.id }, body: { disabled: true } });
    expect(update.status, update.text).toBe(200);
    expect((await list()).items.find((a) => a.user.name === 'idle')?.user.disabled).toBe(true);
  });

  it('answers bad input with 4xx, unknown annotators with 404, and only admins', async () => {
    for (const query of [{ limit: 0 }, { limit: 101 }, { offset: -1 }, { limit: 'many' }]) {
      const response = await app.admin.route(ROUTES.adminAnnotators, { query: query as never });
      expect(response.status, JSON.stringify(query)).toBe(400);
      expect(response.body).toMatchObject({ error: { code: 'invalid_request' } });
    }
    const bad = await app.admin.get(`${ROUTES.adminAnnotators.path}/abc`);
    expect(bad.status).toBe(400);
    const unknown = await app.admin.route(ROUTES.adminAnnotator, { params: { id: 999_999 } });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ error: { code: 'not_found' } });
    expect((await users.ann1.route(ROUTES.adminAnnotators)).status).toBe(403);
    expect((await users.ann1.route(ROUTES.adminAnnotator, { params: { id: users.ann1.user.id } })).status).toBe(403);
    expect((await app.anonymous.route(ROUTES.adminAnnotators)).status).toBe(401);
  });
});
