import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { API } from '../../shared/api';
import { buildPath, ROUTES } from '../../shared/contract';
import type { AssignmentView } from '../../shared/schemas/queue';
import type { RewardModelView, ScoreResponse } from '../../shared/schemas/reward';
import { initBackend } from '../../server/ml/backend';
import { PRESETS } from '../../server/ml/model/config';
import { GPT } from '../../server/ml/model/gpt';
import { charTokenizer } from '../../server/ml/model/tokenizer';
import { loadRewardModel, saveRewardModel } from '../../server/ml/reward/checkpoint';
import { buildDataset } from '../../server/ml/reward/dataset';
import { RewardModel } from '../../server/ml/reward/model';
import { scoreTexts } from '../../server/ml/reward/score';
import { type TestApp, startTestApp } from '../helpers/app';
import { importPairs, labelFor } from '../helpers/data';

const activatePath = (id: number) => buildPath(ROUTES.adminRewardModelActivate.path, { id });

/** A nano reward model saved under the app's folder and registered as a version (not active). */
async function registerModel(app: TestApp, name: string, valAccuracy: number | null, ensemble = 1) {
  const dir = join(app.dir, name);
  const rm = new RewardModel(new GPT(PRESETS.nano, { seed: name.length }), charTokenizer(), { ensemble, headSeed: 3 });
  rm.normalisation = { gain: 2, bias: 0.5 };
  await saveRewardModel(dir, rm);
  rm.dispose();
  return { dir, ...app.server.ctx.store.rewardModels.register({ checkpointPath: dir, trainedOnLabelCount: 10, valAccuracy, metrics: { 'eval/accuracy': valAccuracy } }) };
}

beforeAll(async () => {
  await initBackend();
});

describe('reward models', () => {
  let app: TestApp;
  afterEach(() => app?.close());

  it('versions: only one active; a worse one is refused unless forced; roll back', async () => {
    app = await startTestApp();
    const store = app.server.ctx.store.rewardModels;
    const v1 = await registerModel(app, 'rm-v1', 0.7);
    const v2 = await registerModel(app, 'rm-v2', 0.65);
    const v3 = await registerModel(app, 'rm-v3', 0.72);
    expect([v1.version, v2.version, v3.version]).toEqual([1, 2, 3]);

    expect((await app.admin.post(activatePath(v1.id), {})).status).toBe(200);
    const refused = await app.admin.post<{ error: { code: string } }>(activatePath(v2.id), {});
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('not_better');
    expect(store.active()?.id).toBe(v1.id);
    const forced = await app.admin.post<{ active: RewardModelView; previous: number }>(activatePath(v2.id), { force: true });
    expect(forced.body).toMatchObject({ active: { id: v2.id, active: true }, previous: v1.id });
    expect((await app.admin.post(activatePath(v3.id), {})).status).toBe(200); // 0.72 ≥ 0.65
    expect((await app.admin.post(activatePath(999), {})).status).toBe(404);

    const list = await app.admin.get<{ items: RewardModelView[]; total: number }>(ROUTES.adminRewardModels.path);
    expect(list.body.total).toBe(3);
    expect(list.body.items.map((m) => [m.version, m.active])).toEqual([
      [3, true],
      [2, false],
      [1, false],
    ]);
    expect(JSON.stringify(list.body)).not.toContain(app.dir); // no server paths in answers

    expect(store.rollBack()?.id).toBe(v2.id);
    expect(store.rollBack()?.id).toBe(v1.id);
    expect(store.rollBack()).toBeUndefined();
    expect(app.server.db.prepare('SELECT count(*) FROM reward_models WHERE active = 1').pluck().get()).toBe(1);
  });

  it('scores with the active model in a worker: normalised scores and ensemble uncertainty', async () => {
    app = await startTestApp();
    const items = [
      { prompt: 'What is 2+2?', response: '4' },
      { prompt: [{ role: 'user' as const, content: 'Hi' }, { role: 'assistant' as const, content: 'Hello' }, { role: 'user' as const, content: 'Name a fruit' }], response: 'apple' },
    ];
    const none = await app.admin.post<{ error: { code: string } }>(ROUTES.adminRewardScore.path, { items });
    expect(none.status).toBe(409);
    expect(none.body.error.code).toBe('no_reward_model');

    const v1 = await registerModel(app, 'rm-ens', 0.6, 3);
    await app.admin.post(activatePath(v1.id), {});
    const scored = await app.admin.post<ScoreResponse>(ROUTES.adminRewardScore.path, { items });
    expect(scored.status).toBe(200);
    expect(scored.body.rewardModel).toEqual({ id: v1.id, version: 1 });
    const { rm } = await loadRewardModel(v1.dir);
    const local = scoreTexts(rm, items.map((i) => i.prompt), items.map((i) => i.response));
    rm.dispose();
    scored.body.scores.forEach((s, i) => {
      expect(s.score).toBeCloseTo(local.scores[i], 5);
      expect(s.uncertainty).toBeCloseTo(local.uncertainty?.[i] as number, 5);
    });

    const tooMany = await app.admin.post(ROUTES.adminRewardScore.path, { items: Array(65).fill(items[0]) });
    expect(tooMany.status).toBe(400);
  }, 240_000); // the scoring worker starts slowly on a busy machine

  it('the dataset from real labels has the answer the annotator picked on screen as chosen', async () => {
    app = await startTestApp();
    await importPairs(app.admin, 6);
    const alice = await app.user('alice');
    const picked: string[] = [];
    for (let i = 0; i < 6; i++) {
      const { body } = await alice.post<{ assignments: AssignmentView[] }>(API.queueNext, { count: 1 });
      const [assignment] = body.assignments;
      const pick = i % 2 === 0 ? 'left' : 'right';
      picked.push(assignment[pick].text);
      const label = { ...labelFor(assignment.assignmentId), pick, strength: i % 4 };
      expect((await alice.post(API.labels, label)).status).toBe(201);
    }
    const shownOrders = app.server.db.prepare('SELECT DISTINCT shown_order FROM labels').pluck().all();
    const rows = app.server.ctx.store.rewardData.labelRows();
    expect(rows).toHaveLength(6);
    const ds = buildDataset(rows, { heldoutFraction: 0 });
    expect(ds.train.map((p) => p.chosen).sort()).toEqual(picked.sort());
    expect(ds.train.map((p) => p.margin).sort()).toEqual([0, 1 / 3, 2 / 3, 1, 0, 1 / 3].sort());
    console.info(`shown orders among the labels: ${shownOrders.join(', ')}`);
  });

  it('annotators get 403 on every reward route', async () => {
    app = await startTestApp();
    const annotator = await app.user('dave');
    expect((await annotator.get(ROUTES.adminRewardModels.path)).status).toBe(403);
    expect((await annotator.post(activatePath(1), {})).status).toBe(403);
    expect((await annotator.post(ROUTES.adminRewardScore.path, { items: [{ prompt: 'p', response: 'r' }] })).status).toBe(403);
  });
});
