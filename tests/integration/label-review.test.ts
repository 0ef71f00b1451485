/**
 * Annotators review their own labels and change one: the change is a new version, the old one kept for the
 * admin; exports and reward-model data read the current version only. Blind, own labels only, bad input 4xx.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore } from '../../server/store';
import { API } from '../../shared/api';
import { ROUTES } from '../../shared/contract';
import type { DataComparison } from '../../shared/schemas/data';
import type { MyLabel } from '../../shared/schemas/label-review';
import type { Pick } from '../../shared/schemas/labels';
import type { AssignmentView } from '../../shared/schemas/queue';
import { counterDrift, rowCount, startTestApp, type TestApp } from '../helpers/app';
import type { ApiClient } from '../helpers/client';
import { importPairs, labelFor } from '../helpers/data';

type Page<T> = { items: T[]; total: number };
const keysOf = (o: object) => Object.keys(o).sort();

describe('label review: own labels, changed as new versions', () => {
  let app: TestApp;
  let ann: ApiClient;
  let bea: ApiClient;
  /** ann's labels as she gave them: the lease id, the texts she saw on the left, her pick */
  const given: { assignmentId: number; left: string; pick: Pick }[] = [];

  const mine = async (client: ApiClient, query: Record<string, unknown> = {}) => {
    const response = await client.route(ROUTES.myLabels, { query });
    expect(response.status).toBe(200);
    return response.body as Page<MyLabel>;
  };
  const change = (client: ApiClient, id: number, body: unknown) => client.route(ROUTES.myLabelChange, { params: { id }, body });
  const storedLabel = (assignmentId: number) =>
    app.server.db.prepare('SELECT id, choice, strength, rationale, version FROM labels WHERE assignment_id = ?').get(assignmentId) as {
      id: number;
      choice: string;
      strength: number;
      rationale: string | null;
      version: number;
    };

  beforeAll(async () => {
    app = await startTestApp();
    await importPairs(app.admin, 4);
    ann = await app.user('ann');
    bea = await app.user('bea');
    const picks: Pick[] = ['left', 'right', 'tie'];
    for (const pick of picks) {
      const next = await ann.post<{ assignments: AssignmentView[] }>(API.queueNext, { count: 1 });
      const view = next.body.assignments[0];
      expect((await ann.post(API.labels, { ...labelFor(view.assignmentId), pick })).status).toBe(201);
      given.push({ assignmentId: view.assignmentId, left: view.left.text, pick });
    }
    const next = await bea.post<{ assignments: AssignmentView[] }>(API.queueNext, { count: 1 });
    await bea.post(API.labels, labelFor(next.body.assignments[0].assignmentId));
  });
  afterAll(() => app?.close());

  it('lists only the caller’s labels, newest first, blind: texts as shown, the pick as clicked', async () => {
    const response = await ann.route(ROUTES.myLabels);
    expect(response.text).not.toMatch(/comparison|responseId|"id"|"model"|policy|"choice"/i);
    const page = response.body as Page<MyLabel>;
    expect(page.total).toBe(3);
    expect(page.items.map((l) => l.assignmentId)).toEqual(given.map((g) => g.assignmentId).reverse());
    for (const label of page.items) {
      expect(keysOf(label)).toEqual(['assignmentId', 'changedAt', 'labelledAt', 'left', 'pick', 'prompt', 'rationale', 'right', 'strength', 'version']);
      const g = given.find((x) => x.assignmentId === label.assignmentId);
      expect(label).toMatchObject({ pick: g?.pick, left: { text: g?.left }, version: 1, changedAt: null });
    }
    expect((await mine(bea)).total).toBe(1);
    expect((await mine(ann, { limit: 1, offset: 1 })).items.map((l) => l.assignmentId)).toEqual([given[1].assignmentId]);
  });

  it('changes a label as a new version: the old one is kept, exports and training read the new one', async () => {
    const target = given[0]; // picked left
    const before = storedLabel(target.assignmentId);
    const counts = { labels: rowCount(app, 'labels'), comparisons: rowCount(app, 'comparisons') };

    const changed = await change(ann, target.assignmentId, { pick: 'right', strength: 3, rationale: 'on second thought' });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ assignmentId: target.assignmentId, pick: 'right', strength: 3, rationale: 'on second thought', version: 2 });
    expect((changed.body as MyLabel).changedAt).toEqual(expect.any(String));

    const after = storedLabel(target.assignmentId);
    expect(after).toMatchObject({ id: before.id, version: 2, strength: 3 });
    expect(after.choice).toBe(before.choice === 'a' ? 'b' : 'a'); // right instead of left: the other response
    expect(app.server.db.prepare('SELECT version, choice, strength FROM label_versions WHERE label_id = ?').all(before.id)).toEqual([
      { version: 1, choice: before.choice, strength: before.strength },
    ]);
    expect({ labels: rowCount(app, 'labels'), comparisons: rowCount(app, 'comparisons') }).toEqual(counts);
    expect(counterDrift(app.server.db)).toEqual({});

    // what training and exports read: the current version only, one row per label
    const training = createStore(app.server.db).rewardData.labelRows().filter((r) => r.labelId === before.id);
    expect(training.map((r) => r.choice)).toEqual([after.choice]);
    const exported = await app.admin.get(`${ROUTES.adminExport.path}?format=labels-jsonl`);
    expect(exported.status).toBe(200);
    const rows = exported.text.trim().split('\n').map((line) => JSON.parse(line) as { comparison_id?: number; choice?: string; annotator?: string });
    expect(rows).toHaveLength(counts.labels);
    const comparisonId = app.server.db.prepare('SELECT comparison_id FROM labels WHERE id = ?').pluck().get(before.id);
    const exportedLabel = rows.filter((r) => r.annotator === 'ann' && r.comparison_id === comparisonId);
    expect(exportedLabel.map((r) => r.choice)).toEqual([after.choice]);

    // the admin sees both versions
    const data = await app.admin.route(ROUTES.dataComparisons, { query: { annotator: (await ann.get<{ user: { id: number } }>(API.me)).body.user.id, limit: 100 } });
    const label = (data.body as Page<DataComparison>).items.flatMap((c) => c.labels).find((l) => l.id === before.id);
    expect(label).toMatchObject({ version: 2, choice: after.choice, strength: 3, history: [{ version: 1, choice: before.choice, strength: before.strength }] });
    const distributions = await app.admin.route(ROUTES.dataDistributions);
    expect(distributions.body).toMatchObject({ labels: counts.labels, changed: 1 });

    // the same decision again is no new version; another change is version 3
    expect((await change(ann, target.assignmentId, { pick: 'right', strength: 3, rationale: 'on second thought' })).body).toMatchObject({ version: 2 });
    expect((await change(ann, target.assignmentId, { pick: 'tie', strength: 0 })).body).toMatchObject({ version: 3, pick: 'tie', rationale: null });
    expect(app.server.db.prepare('SELECT count(*) FROM label_versions WHERE label_id = ?').pluck().get(before.id)).toBe(2);
  });

  it("cannot change another annotator's label (404, nothing written)", async () => {
    const target = given[1];
    const before = storedLabel(target.assignmentId);
    const response = await change(bea, target.assignmentId, { pick: 'tie', strength: 0 });
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ error: { code: 'not_found' } });
    expect(storedLabel(target.assignmentId)).toEqual(before);
    expect((await change(app.anonymous, target.assignmentId, { pick: 'tie', strength: 0 })).status).toBe(401);
    expect((await app.anonymous.route(ROUTES.myLabels)).status).toBe(401);
  });

  it('answers bad changes with 400 and writes nothing', async () => {
    const target = given[1];
    const before = storedLabel(target.assignmentId);
    const versions = rowCount(app, 'label_versions');
    for (const body of [{ pick: 'a', strength: 1 }, { pick: 'left', strength: 4 }, { pick: 'left' }, { pick: 'left', strength: 1, rationale: 'x'.repeat(5001) }]) {
      const response = await change(ann, target.assignmentId, body);
      expect(response.status, JSON.stringify(body).slice(0, 60)).toBe(400);
      expect(response.body).toMatchObject({ error: { code: 'invalid_request', message: expect.any(String) } });
    }
    expect((await app.admin.request('PUT', '/api/labels/mine/0', { pick: 'left', strength: 1 })).status).toBe(400);
    expect((await ann.route(ROUTES.myLabels, { query: { limit: 51 } })).status).toBe(400);
    expect(storedLabel(target.assignmentId)).toEqual(before);
    expect(rowCount(app, 'label_versions')).toBe(versions);
  });

  it('refuses changes on a retired pair (409)', async () => {
    const target = given[2];
    const comparisonId = app.server.db.prepare('SELECT comparison_id FROM labels WHERE assignment_id = ?').pluck().get(target.assignmentId) as number;
    expect((await app.admin.route(ROUTES.dataRetire, { params: { id: comparisonId } })).status).toBe(200);
    const response = await change(ann, target.assignmentId, { pick: 'left', strength: 1 });
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ error: { code: 'comparison_retired' } });
    expect(storedLabel(target.assignmentId).version).toBe(1);
  });
});
