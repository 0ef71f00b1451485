/**
 * The admin Data page's routes on the real app and a real SQLite file: search and filters, distributions
 * counted from what the annotators clicked, retiring, gold pairs written in the UI; bad input and non-admins.
 * The reads run in the read worker (a file database): they answer what the same reads give in place, the event
 * loop answers while one is held, the queue is bounded (429) and a read past its limit answers 503.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API } from '../../shared/api';
import { ROUTES } from '../../shared/contract';
import type { AdminComparison } from '../../shared/schemas/admin';
import { type DataComparison, type DataDistributions, DataFilterSchema, DataQuerySchema } from '../../shared/schemas/data';
import type { Pick } from '../../shared/schemas/labels';
import type { AssignmentView } from '../../shared/schemas/queue';
import { DataReadPool } from '../../server/data-browser/read-pool';
import { waitUntil } from '../../server/drain';
import { openDatabase } from '../../server/store/db';
import { counterDrift, rowCount, startTestApp, type TestApp } from '../helpers/app';
import type { ApiClient } from '../helpers/client';
import { importPairs, labelFor } from '../helpers/data';

type Page<T> = { items: T[]; total: number; limit: number; offset: number };

const TABLES = ['prompts', 'responses', 'comparisons', 'labels', 'label_versions'];

describe('admin Data page routes', () => {
  let app: TestApp;
  let ann: ApiClient & { user: { id: number } };
  let bea: ApiClient & { user: { id: number } };
  /** every pick the annotators made on a/b decisions: [left?] — the position-bias numerator, counted client-side */
  const clicks: { user: string; pick: Pick; strength: number }[] = [];

  const list = async (query: Record<string, unknown> = {}) => {
    const response = await app.admin.route(ROUTES.dataComparisons, { query });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body as Page<DataComparison>;
  };
  const distributions = async (query: Record<string, unknown> = {}) => {
    const response = await app.admin.route(ROUTES.dataDistributions, { query });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body as DataDistributions;
  };
  const snapshot = () => Object.fromEntries(TABLES.map((t) => [t, rowCount(app, t)]));

  /** Leases every pair the user can get and labels each with the next pick of `picks` (cycled). */
  async function labelAll(client: ApiClient, name: string, picks: Pick[]) {
    for (let i = 0; ; i++) {
      const next = await client.post<{ assignments: AssignmentView[] }>(API.queueNext, { count: 1 });
      const view = next.body.assignments[0];
      if (!view) return;
      const pick = picks[i % picks.length];
      const strength = i % 4;
      const ack = await client.post(API.labels, { ...labelFor(view.assignmentId), pick, strength, rationale: i === 0 ? `${name} thinks 50% is fine` : undefined });
      expect(ack.status).toBe(201);
      clicks.push({ user: name, pick, strength });
    }
  }

  beforeAll(async () => {
    app = await startTestApp();
    await app.admin.put(API.admin.settings, { overlap: 2, goldRate: 0, leaseSeconds: 600 });
    await importPairs(app.admin, 6, 'prompt', ['model-x', 'model-y']);
    await importPairs(app.admin, 2, 'special 50% off_sale', ['model-x', 'model-z']);
    ann = await app.user('ann');
    bea = await app.user('bea');
    await labelAll(ann, 'ann', ['left', 'left', 'right', 'tie']);
    await labelAll(bea, 'bea', ['left', 'both_bad', 'right']);
  });
  afterAll(() => app?.close());

  it('lists comparisons newest first with every label, bounded pages', async () => {
    const page = await list({ limit: 3 });
    expect(page.total).toBe(8);
    expect(page.items).toHaveLength(3);
    expect(page.items.map((c) => c.id)).toEqual([...page.items.map((c) => c.id)].sort((a, b) => b - a));
    const all = await list({ limit: 100 });
    expect(all.items.flatMap((c) => c.labels)).toHaveLength(clicks.length);
    for (const c of all.items) {
      expect(c.labels).toHaveLength(c.labelCount);
      for (const l of c.labels) expect(l).toMatchObject({ version: 1, history: [], userName: expect.stringMatching(/^(ann|bea)$/) });
    }
    expect((await app.admin.route(ROUTES.dataComparisons, { query: { limit: 101 } })).status).toBe(400);
    expect((await app.admin.route(ROUTES.dataComparisons, { query: { offset: -1 } })).status).toBe(400);
  });

  it('searches prompt, response and rationale text, with % and _ taken literally', async () => {
    const special = await list({ q: '50% off_sale' });
    expect(special.total).toBe(2);
    for (const c of special.items) expect(c.promptText).toContain('50% off_sale');
    // as LIKE wildcards these would match every prompt ("50" then anything); literally, nothing has them
    expect((await list({ q: '5_%' })).total).toBe(0);
    expect((await list({ q: 'PROMPT 3' })).items.map((c) => c.promptText)).toEqual(['prompt 3']);
    expect((await list({ q: 'model-z answers' })).total).toBe(2);
    const byRationale = await list({ q: 'bea thinks' });
    expect(byRationale.total).toBe(1);
    expect(byRationale.items[0].labels.some((l) => l.rationale === 'bea thinks 50% is fine')).toBe(true);
    expect((await list({ q: '' })).total).toBe(8); // an empty search is no filter
  });

  it('filters by model, pairing, annotator and agreement', async () => {
    const z = await list({ model: 'model-z' });
    expect(z.total).toBe(2);
    for (const c of z.items) expect([c.responseA.model, c.responseB.model]).toContain('model-z');
    expect((await list({ pairing: 'cross' })).total).toBe(8);
    expect((await list({ pairing: 'same' })).total).toBe(0);

    const annOnly = await list({ annotator: ann.user.id, limit: 100 });
    expect(annOnly.total).toBe(clicks.filter((c) => c.user === 'ann').length);
    for (const c of annOnly.items) expect(c.labels.some((l) => l.userId === ann.user.id)).toBe(true);

    const all = (await list({ limit: 100 })).items.filter((c) => c.labels.length >= 2);
    const unanimous = all.filter((c) => new Set(c.labels.map((l) => l.choice)).size === 1).map((c) => c.id);
    const split = all.filter((c) => new Set(c.labels.map((l) => l.choice)).size > 1).map((c) => c.id);
    expect(unanimous.length + split.length).toBeGreaterThan(0);
    expect((await list({ agreement: 'unanimous', limit: 100 })).items.map((c) => c.id).sort()).toEqual(unanimous.sort());
    expect((await list({ agreement: 'split', limit: 100 })).items.map((c) => c.id).sort()).toEqual(split.sort());
    expect((await app.admin.route(ROUTES.dataComparisons, { query: { agreement: 'mostly' } })).status).toBe(400);
    expect((await app.admin.route(ROUTES.dataComparisons, { query: { kind: 'silver' } })).status).toBe(400);
  });

  it('counts choices, strengths and position bias from what was clicked', async () => {
    const d = await distributions();
    const picks = (p: Pick) => clicks.filter((c) => c.pick === p).length;
    expect(d.labels).toBe(clicks.length);
    expect(d.choices.a + d.choices.b).toBe(picks('left') + picks('right'));
    expect(d.choices.tie).toBe(picks('tie'));
    expect(d.choices.both_bad).toBe(picks('both_bad'));
    expect(d.strengths).toEqual([0, 1, 2, 3].map((s) => clicks.filter((c) => c.strength === s).length));
    expect(d.positionBias).toEqual({
      decided: picks('left') + picks('right'),
      leftChosen: picks('left'),
      leftShare: picks('left') / (picks('left') + picks('right')),
    });
    expect(d.tieOrBothBadShare).toBeCloseTo((picks('tie') + picks('both_bad')) / clicks.length, 12);

    const annOnly = await distributions({ annotator: ann.user.id });
    expect(annOnly.positionBias.leftChosen).toBe(clicks.filter((c) => c.user === 'ann' && c.pick === 'left').length);
    const none = await distributions({ q: 'no such text anywhere' });
    expect(none).toMatchObject({ labels: 0, positionBias: { leftShare: null }, tieOrBothBadShare: null });
  });

  it('reads in the worker thread what the same reads give in place', async () => {
    expect(app.server.ctx.dataReads?.inWorker).toBe(true);
    const inPlace = app.server.ctx.store.dataBrowser;
    const json = (x: unknown) => JSON.parse(JSON.stringify(x));
    const queries = [{}, { limit: 3, offset: 2 }, { q: '50% off_sale' }, { q: 'bea thinks' }, { model: 'model-z' }, { annotator: ann.user.id }, { agreement: 'split' }];
    for (const query of queries) {
      expect(await list(query), JSON.stringify(query)).toEqual(json(inPlace.page(DataQuerySchema.parse(query))));
      expect(await distributions(query), JSON.stringify(query)).toEqual(json(inPlace.distributions(DataFilterSchema.parse(query))));
    }
  });

  it('cuts long texts in the list (the detail route has them whole)', async () => {
    const long = `long answer ${'x'.repeat(3000)}`;
    await app.admin.post(API.admin.importResponses, { format: 'jsonl', model: 'model-long', content: JSON.stringify({ prompt: 'prompt 0', output: long }) });
    const [c] = (await list({ model: 'model-long' })).items;
    const text = c.responseA.model === 'model-long' ? c.responseA.text : c.responseB.text;
    expect(text.length).toBe(2001);
    expect(text.endsWith('…')).toBe(true);
    const whole = await app.admin.route(ROUTES.adminComparison, { params: { id: c.id } });
    expect([whole.body.responseA.text, whole.body.responseB.text]).toContain(long);
  });

  it('retires comparisons: they leave the queue, their labels stay', async () => {
    const targets = (await list({ model: 'model-long' })).items.map((c) => c.id); // the import paired it with x and y
    expect(targets.length).toBeGreaterThan(0);
    const labelsBefore = rowCount(app, 'labels');
    for (const id of targets) {
      const retired = await app.admin.route(ROUTES.dataRetire, { params: { id } });
      expect(retired.status).toBe(200);
      expect(retired.body).toMatchObject({ id, status: 'retired' });
    }
    expect(rowCount(app, 'labels')).toBe(labelsBefore);
    expect((await list({ status: 'retired' })).items.map((c) => c.id).sort()).toEqual([...targets].sort());
    expect(counterDrift(app.server.db)).toEqual({});
    // nobody is given them (they were the only pairs left with room)
    const cid = await app.user('cid');
    const next = await cid.post<{ assignments: AssignmentView[] }>(API.queueNext, { count: 5 });
    expect(next.body.assignments.some((a) => a.left.text.startsWith('long answer') || a.right.text.startsWith('long answer'))).toBe(false);
    const leased = app.server.db.prepare('SELECT comparison_id FROM assignments WHERE user_id = ?').pluck().all(cid.user.id);
    for (const id of targets) expect(leased).not.toContain(id);
    expect((await app.admin.route(ROUTES.dataRetire, { params: { id: targets[0] } })).status).toBe(200); // again: no change
    expect((await app.admin.route(ROUTES.dataRetire, { params: { id: 999_999 } })).status).toBe(404);
  });

  it('creates a gold pair from texts, which annotators are then given', async () => {
    const before = snapshot();
    const body = { prompt: 'What is 2 + 2?', responseA: '4', responseB: 'Five, probably.', answer: 'a' };
    const created = await app.admin.route(ROUTES.dataGoldCreate, { body });
    expect(created.status).toBe(201);
    const gold = created.body as AdminComparison;
    expect(gold).toMatchObject({ kind: 'gold', goldAnswer: 'a', status: 'open', promptText: body.prompt, responseA: { text: '4', model: 'gold' } });
    expect(snapshot()).toEqual({ ...before, prompts: before.prompts + 1, responses: before.responses + 2, comparisons: before.comparisons + 1 });
    expect((await list({ kind: 'gold' })).items.map((c) => c.id)).toEqual([gold.id]);

    // the same pair again: 409, nothing written
    const again = await app.admin.route(ROUTES.dataGoldCreate, { body });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ error: { code: 'pair_exists' } });
    expect(snapshot()).toEqual({ ...before, prompts: before.prompts + 1, responses: before.responses + 2, comparisons: before.comparisons + 1 });

    await app.admin.put(API.admin.settings, { overlap: 2, goldRate: 1, leaseSeconds: 600 });
    const dan = await app.user('dan');
    const next = await dan.post<{ assignments: AssignmentView[] }>(API.queueNext, { count: 1 });
    expect(next.body.assignments[0].prompt.text).toBe(body.prompt);
    await app.admin.put(API.admin.settings, { overlap: 2, goldRate: 0, leaseSeconds: 600 });
  });

  it('refuses bad gold pairs with 400 and writes nothing', async () => {
    const before = snapshot();
    for (const body of [
      { prompt: 'p', responseA: 'same', responseB: 'same', answer: 'a' },
      { prompt: '  ', responseA: 'x', responseB: 'y', answer: 'a' },
      { prompt: 'p', responseA: 'x', responseB: 'y', answer: 'left' },
      { prompt: 'p', responseA: 'x', responseB: 'y' },
      { prompt: 'p', responseA: 'x'.repeat(20_001), responseB: 'y', answer: 'b' },
    ]) {
      const response = await app.admin.route(ROUTES.dataGoldCreate, { body });
      expect(response.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(response.body).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
    }
    expect(snapshot()).toEqual(before);
  });

  it('edits a gold pair: the answer always, the texts only while unlabelled', async () => {
    const created = await app.admin.route(ROUTES.dataGoldCreate, { body: { prompt: 'Capital of France?', responseA: 'Lyon', responseB: 'Paris', answer: 'a' } });
    const id = (created.body as AdminComparison).id;
    const texts = { prompt: 'Capital of France?', responseA: 'Lyon', responseB: 'Paris, of course' };
    const edited = await app.admin.route(ROUTES.dataGoldEdit, { params: { id }, body: { answer: 'b', ...texts } });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ id, goldAnswer: 'b', responseB: { text: 'Paris, of course' } });
    expect((await app.admin.route(ROUTES.dataGoldEdit, { params: { id }, body: { answer: 'b', prompt: 'only one' } })).status).toBe(400);

    // once labelled, only the answer moves (the other gold pair retired, so France is the one given)
    for (const other of (await list({ kind: 'gold' })).items.filter((c) => c.id !== id)) {
      await app.admin.route(ROUTES.dataRetire, { params: { id: other.id } });
    }
    await app.admin.put(API.admin.settings, { overlap: 2, goldRate: 1, leaseSeconds: 600 });
    const eve = await app.user('eve');
    const next = await eve.post<{ assignments: AssignmentView[] }>(API.queueNext, { count: 1 });
    await app.admin.put(API.admin.settings, { overlap: 2, goldRate: 0, leaseSeconds: 600 });
    expect(next.body.assignments[0].prompt.text).toBe('Capital of France?');
    expect((await eve.post(API.labels, labelFor(next.body.assignments[0].assignmentId))).status).toBe(201);
    const refused = await app.admin.route(ROUTES.dataGoldEdit, { params: { id }, body: { answer: 'a', ...texts, responseA: 'Marseille' } });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ error: { code: 'gold_labelled' } });
    const answerOnly = await app.admin.route(ROUTES.dataGoldEdit, { params: { id }, body: { answer: 'tie' } });
    expect(answerOnly.body).toMatchObject({ goldAnswer: 'tie', responseA: { text: 'Lyon' }, labelCount: 1 });

    const regular = (await list({ kind: 'train', limit: 1 })).items[0];
    expect((await app.admin.route(ROUTES.dataGoldEdit, { params: { id: regular.id }, body: { answer: 'a' } })).status).toBe(409);
    expect((await app.admin.route(ROUTES.dataGoldEdit, { params: { id: 999_999 }, body: { answer: 'a' } })).status).toBe(404);
  });

  it('is for admins only: 403 for annotators, 401 for nobody', async () => {
    const routes = [ROUTES.dataComparisons, ROUTES.dataDistributions, ROUTES.dataRetire, ROUTES.dataGoldCreate, ROUTES.dataGoldEdit];
    const before = snapshot();
    for (const route of routes) {
      const body = { prompt: 'p', responseA: 'x', responseB: 'y', answer: 'a' };
      expect((await ann.route(route, { params: { id: 1 }, body })).status, route.name).toBe(403);
      expect((await app.anonymous.route(route, { params: { id: 1 }, body })).status, route.name).toBe(401);
    }
    expect(snapshot()).toEqual(before);
    expect(app.server.db.prepare("SELECT count(*) FROM comparisons WHERE id = 1 AND status = 'retired'").pluck().get()).toBe(0);
  });
});

describe("the Data page's read worker", () => {
  /** while hold[0] is 1 the worker waits before each read: a query exactly as slow as the test wants */
  const hold = new Int32Array(new SharedArrayBuffer(4));
  let held: TestApp; // one read at a time, one waiting, the default time limit
  let limited: TestApp; // a 200 ms limit
  const release = () => {
    Atomics.store(hold, 0, 0);
    Atomics.notify(hold, 0);
  };

  beforeAll(async () => {
    [held, limited] = await Promise.all([
      startTestApp({ dataReads: { hold, maxQueued: 1 } }),
      startTestApp({ dataReads: { hold, timeoutMs: 200 } }),
    ]);
    await Promise.all([importPairs(held.admin, 3), importPairs(limited.admin, 3)]);
  });
  afterAll(async () => {
    release();
    await Promise.all([held?.close(), limited?.close()]);
  });

  it('keeps the event loop free while a read runs, and refuses reads past its queue with 429', async () => {
    Atomics.store(hold, 0, 1);
    const running = held.admin.route(ROUTES.dataComparisons, { query: { q: 'prompt' } });
    const waiting = held.admin.route(ROUTES.dataDistributions, { query: {} });
    const pool = held.server.ctx.dataReads as DataReadPool;
    expect(await waitUntil(() => pool.load === 2, 10_000)).toBe(true);

    expect((await held.anonymous.get(API.health)).status).toBe(200);
    const refused = await held.admin.route(ROUTES.dataComparisons, { query: {} });
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ error: { code: 'overloaded', message: expect.any(String) } });
    expect(pool.load).toBe(2);

    release();
    const [page, counts] = [await running, await waiting];
    expect(page.status).toBe(200);
    expect(page.body.total).toBe(3);
    expect(counts.status).toBe(200);
    expect(counts.body.labels).toBe(0);
  });

  it('stops a read past its time limit with 503 query_timeout; the next read is answered', async () => {
    Atomics.store(hold, 0, 1);
    const slow = await limited.admin.route(ROUTES.dataComparisons, { query: {} });
    expect(slow.status).toBe(503);
    expect(slow.body).toMatchObject({ error: { code: 'query_timeout', message: expect.any(String) } });

    release();
    const next = await limited.admin.route(ROUTES.dataComparisons, { query: { limit: 2 } });
    expect(next.status).toBe(200);
    expect(next.body).toEqual(JSON.parse(JSON.stringify(limited.server.ctx.store.dataBrowser.page(DataQuerySchema.parse({ limit: 2 })))));
    expect((await limited.admin.route(ROUTES.dataDistributions, { query: {} })).status).toBe(200);
  });

  it('drops a waiting read whose client left; closing fails what runs and waits', async () => {
    const pool = new DataReadPool(held.server.db, { hold });
    Atomics.store(hold, 0, 1);
    const running = pool.page(DataQuerySchema.parse({}));
    const gone = new AbortController();
    const abandoned = pool.distributions({}, gone.signal);
    const waiting = pool.distributions({});
    expect(pool.load).toBe(3);
    gone.abort();
    await expect(abandoned).rejects.toMatchObject({ status: 499 });
    expect(pool.load).toBe(2);
    const outcomes = Promise.allSettled([running, waiting]);
    await pool.close();
    for (const outcome of await outcomes) expect(outcome).toMatchObject({ status: 'rejected', reason: { status: 503, code: 'shutting_down' } });
    expect(() => pool.page(DataQuerySchema.parse({}))).toThrow(/shutting down/);
    release();
  });

  it('reads an in-memory database in place (a worker cannot open it)', async () => {
    const db = openDatabase(':memory:');
    const pool = new DataReadPool(db);
    expect(pool.inWorker).toBe(false);
    expect(await pool.page(DataQuerySchema.parse({}))).toEqual({ items: [], total: 0, limit: 25, offset: 0 });
    await pool.close();
    db.close();
  });
});
