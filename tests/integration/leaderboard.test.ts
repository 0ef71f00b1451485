/**
 * The leaderboard route against the real server and SQLite file: policy versions and an external model answer
 * the same prompts, every cross pair is labelled by annotators through the real queue and label API (left/right
 * shown in a random order), and the Bradley–Terry ratings come back in the order the labels imply. Labels that
 * must not count (gold pairs, retired pairs, two answers of one version) are written through the store, since
 * the queue would not hand them out this way.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API } from '../../shared/api';
import { ROUTES } from '../../shared/contract';
import type { PublicUser } from '../../shared/schemas/auth';
import type { Leaderboard } from '../../shared/schemas/leaderboard';
import type { AssignmentView } from '../../shared/schemas/queue';
import { type TestApp, startTestApp } from '../helpers/app';
import type { ApiClient } from '../helpers/client';

const PROMPTS = 8;
const MODEL = 'ext.model';
/** Who is better, as the annotators below judge: v3 > v2 > the external model > v1 (the starter). */
const QUALITY: Record<string, number> = { 'policy:v1': 1, [`model:${MODEL}`]: 2, 'policy:v2': 3, 'policy:v3': 4 };
const prompt = (i: number) => `Leaderboard prompt ${i}`;
/** Each answer names its player, so an annotator can tell who wrote the side it is shown. */
const answer = (player: string, i: number) => `${player} answers prompt ${i}`;
const playerOf = (text: string) => text.split(' ')[0];

describe('GET /api/admin/leaderboard', () => {
  let app: TestApp;
  let annotators: (ApiClient & { user: PublicUser })[];
  let apiLabels = 0;
  /** per pair of players (sorted), the games judged so far */
  const played = new Map<string, number>();

  const get = (query: Record<string, unknown> = {}, client?: ApiClient) => (client ?? app.admin).route(ROUTES.adminLeaderboard, { query });
  const board = async (query: Record<string, unknown> = {}): Promise<Leaderboard> => {
    const response = await get(query);
    expect(response.status, response.text).toBe(200);
    return response.body;
  };
  const scoreOf = (lb: Leaderboard, id: string) => lb.players.find((p) => p.id === id)?.score ?? Number.NaN;

  /**
   * Per pair of players, games cycle through: better wins, tie, better wins, worse wins; every other tie is a
   * "both bad" (a tie too). So the better one of every pair has 4 wins, 2 ties and 2 losses in 8 games.
   */
  function judge(assignment: AssignmentView): 'left' | 'right' | 'tie' | 'both_bad' {
    const [left, right] = [playerOf(assignment.left.text), playerOf(assignment.right.text)];
    const key = [left, right].sort().join(' ');
    const n = played.get(key) ?? 0;
    played.set(key, n + 1);
    const better = QUALITY[left] > QUALITY[right] ? 'left' : 'right';
    const worse = better === 'left' ? 'right' : 'left';
    if (n % 4 === 1) return n % 8 === 1 ? 'tie' : 'both_bad';
    return n % 4 === 3 ? worse : better;
  }

  /** Annotators take turns asking for a pair and labelling it until the queue is empty for both. */
  async function labelEverything(): Promise<void> {
    for (let turn = 0, idle = 0; idle < annotators.length; turn++) {
      const annotator = annotators[turn % annotators.length];
      const [assignment] = (await annotator.route(ROUTES.queueNext, { body: { count: 1 } })).body.assignments;
      if (!assignment) {
        idle++;
        continue;
      }
      idle = 0;
      const body = { assignmentId: assignment.assignmentId, pick: judge(assignment), strength: 2, timeMs: 900, idempotencyKey: `leaderboard-${assignment.assignmentId}` };
      const response = await annotator.post(API.labels, body);
      expect(response.status, response.text).toBe(201);
      apiLabels++;
    }
  }

  beforeAll(async () => {
    app = await startTestApp();
    annotators = [await app.user('ann.one'), await app.user('ann.two')];
  });
  afterAll(() => app?.close());

  it('answers an empty leaderboard before any label', async () => {
    const lb = await board();
    expect(lb).toMatchObject({ anchor: null, labels: 0, players: [], unrated: [] });
  });

  it('rates the players in the order the labels imply, anchored at the starter', async () => {
    // the external model's answers through the import API; the policy versions' samples through the store
    const content = Array.from({ length: PROMPTS }, (_, i) => JSON.stringify({ prompt: prompt(i), output: answer(`model:${MODEL}`, i) })).join('\n');
    expect((await app.admin.post(API.admin.importResponses, { format: 'jsonl', model: MODEL, content })).status).toBe(200);
    const { store } = app.server.ctx;
    store.transaction(() => {
      const ids = [1, 2, 3, 4].map(() => store.policies.register({ kind: 'builtin', checkpointPath: null }).id);
      store.policies.activate(ids[2]); // v3 is live; v4 exists but has no samples yet
      for (let i = 0; i < PROMPTS; i++) {
        const promptId = store.prompts.upsert({ text: prompt(i) }).id;
        for (const v of [1, 2, 3]) store.responses.upsert({ promptId, policyId: ids[v - 1], text: answer(`policy:v${v}`, i) });
      }
    });
    const built = await app.admin.post(API.admin.buildComparisons, {});
    expect(built.body).toEqual({ comparisons: PROMPTS * 6 });
    await labelEverything();
    expect(apiLabels).toBe(PROMPTS * 6);

    const lb = await board();
    expect(lb.players.map((p) => p.id)).toEqual(['policy:v3', 'policy:v2', `model:${MODEL}`, 'policy:v1']);
    expect(lb.players.map((p) => p.rank)).toEqual([1, 2, 3, 4]);
    expect(lb).toMatchObject({ anchor: 'policy:v1', labels: PROMPTS * 6, bootstrap: 200, seed: 1, unrated: [{ version: 4, active: false }] });
    expect(scoreOf(lb, 'policy:v1')).toBe(0);

    const [v3, v2, model, v1] = lb.players;
    expect(v3).toMatchObject({ wins: 12, ties: 6, losses: 6, games: 24, winRate: 0.625, modelName: null });
    expect(v3.policy).toMatchObject({ version: 3, active: true });
    expect(v2.policy).toMatchObject({ version: 2, active: false });
    expect(v2).toMatchObject({ wins: 10, ties: 6, losses: 8 });
    expect(model).toMatchObject({ policy: null, modelName: MODEL, wins: 8, ties: 6, losses: 10 });
    expect(v1).toMatchObject({ wins: 6, ties: 6, losses: 12, winRate: 0.375 });
    // every player beat the starter in 5 of 8 (ties as halves); the scores predict more for the stronger ones
    for (const p of [v3, v2, model]) expect(p.vsAnchor).toMatchObject({ games: 8, winRate: 0.625 });
    expect(v3.vsAnchor?.expected).toBeGreaterThan(v2.vsAnchor?.expected ?? 1);
    expect(v1.vsAnchor).toBeNull();
    // the records are mirror images (v3 ↔ v1, v2 ↔ the model), so the scores are too, around the middle
    expect(v3.score + v1.score).toBeCloseTo(v2.score + model.score, 6);
    for (const p of lb.players) {
      const [lo, hi] = p.ci ?? [Number.NaN, Number.NaN];
      expect(lo).toBeLessThanOrEqual(p.score);
      expect(hi).toBeGreaterThanOrEqual(p.score);
    }
    expect(lb.matrix.players).toEqual(lb.players.map((p) => p.id));
    expect(lb.matrix.games[0]).toEqual([0, 8, 8, 8]);
    expect(lb.matrix.winRate[0]).toEqual([null, 0.625, 0.625, 0.625]);
  });

  it('leaves out gold pairs, retired pairs and pairs of one player', async () => {
    const before = await board();
    expect(before.labels).toBe(apiLabels);
    const { store } = app.server.ctx;
    const labeller = annotators[0].user.id;
    store.transaction(() => {
      const policyId = (version: number) => app.server.db.prepare('SELECT id FROM policies WHERE version = ?').pluck().get(version) as number;
      const pair = (promptId: number, responseA: number, responseB: number, kind: 'train' | 'gold') =>
        store.comparisons.insert({ promptId, responseA, responseB, kind, priority: 0, overlapTarget: 1, goldAnswer: kind === 'gold' ? 'a' : undefined });
      for (let i = 0; i < 12; i++) {
        const promptId = store.prompts.upsert({ text: `excluded ${i}` }).id;
        const starter = store.responses.upsert({ promptId, policyId: policyId(1), text: `v1 ${i}` }).id;
        const starterAgain = store.responses.upsert({ promptId, policyId: policyId(1), text: `v1 again ${i}` }).id;
        const best = store.responses.upsert({ promptId, policyId: policyId(3), text: `v3 ${i}` }).id;
        const retired = pair(promptId, best, starter, 'train');
        app.server.db.prepare("UPDATE comparisons SET status = 'retired' WHERE id = ?").run(retired);
        // the starter "wins" each of them: counted, these would move it up (and a game against itself is no game)
        const labelled: [number, 'a' | 'b'][] = [[pair(promptId, starter, best, 'gold'), 'a'], [retired, 'b'], [pair(promptId, starter, starterAgain, 'train'), 'a']];
        for (const [comparisonId, choice] of labelled) {
          store.rewardData.insertImportedLabel({ comparisonId, userId: labeller, choice, strength: 3, idempotencyKey: `excluded-${comparisonId}` });
        }
      }
    });
    const after = await board();
    expect(after.labels).toBe(before.labels);
    expect(after.players).toEqual(before.players);
  });

  it('anchors where asked, keeping the gaps; the same seed gives the same intervals', async () => {
    const byStarter = await board();
    const byV2 = await board({ anchor: 'policy:v2' });
    expect(byV2.anchor).toBe('policy:v2');
    expect(scoreOf(byV2, 'policy:v2')).toBe(0);
    expect(scoreOf(byV2, 'policy:v3') - scoreOf(byV2, 'policy:v1')).toBeCloseTo(scoreOf(byStarter, 'policy:v3'), 6);
    const v2 = byV2.players.find((p) => p.id === 'policy:v2');
    expect(v2?.vsAnchor).toBeNull();
    expect((await board({ anchor: `model:${MODEL}` })).anchor).toBe(`model:${MODEL}`);

    const seeded = await board({ seed: 5, bootstrap: 50 });
    expect(await board({ seed: 5, bootstrap: 50 })).toEqual(seeded);
    expect(seeded.players.map((p) => p.ci)).not.toEqual(byStarter.players.map((p) => p.ci));
    const none = await board({ bootstrap: 0 });
    expect(none.players.every((p) => p.ci === null)).toBe(true);
    expect(none.players.map((p) => p.score)).toEqual(byStarter.players.map((p) => p.score));
  });

  it('refuses bad queries with 400 and the one error shape', async () => {
    const bad: [Record<string, unknown>, string][] = [
      [{ bootstrap: -1 }, 'invalid_request'],
      [{ bootstrap: 5000 }, 'invalid_request'],
      [{ bootstrap: 'many' }, 'invalid_request'],
      [{ seed: 'x' }, 'invalid_request'],
      [{ seed: 1.5 }, 'invalid_request'],
      [{ anchor: 'v1' }, 'invalid_request'],
      [{ anchor: '<b>policy</b>' }, 'invalid_request'],
      [{ anchor: 'policy:v9' }, 'unknown_anchor'],
      [{ anchor: 'model:nobody' }, 'unknown_anchor'],
    ];
    for (const [query, code] of bad) {
      const response = await get(query);
      expect(response.status, JSON.stringify(query)).toBe(400);
      expect(response.body).toMatchObject({ error: { code, message: expect.any(String) } });
    }
  });

  it('is for admins only: 403 for annotators, 401 without a session', async () => {
    expect((await get({}, annotators[0])).status).toBe(403);
    expect((await get({}, app.anonymous)).status).toBe(401);
  });
});
