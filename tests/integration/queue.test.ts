import { afterEach, describe, expect, it } from 'vitest';
import { API } from '../../shared/api';
import type { LabelAck } from '../../shared/schemas/labels';
import type { AssignmentView, MyProgress, QueueSettings } from '../../shared/schemas/queue';
import { counterDrift, type TestApp, rowCount, startTestApp, testClock } from '../helpers/app';
import type { ApiClient } from '../helpers/client';
import { importPairs, labelFor } from '../helpers/data';

type Next = { assignments: AssignmentView[] };
const next = (client: ApiClient, count = 1) => client.post<Next>(API.queueNext, { count });
/** The pair behind a lease: annotators are never told (blinding), the database knows. */
const comparisonOf = (app: TestApp, assignmentId: number) =>
  app.server.db.prepare('SELECT comparison_id FROM assignments WHERE id = ?').pluck().get(assignmentId) as number;
const settings = (app: TestApp, patch: Partial<QueueSettings>) =>
  app.admin.put(API.admin.settings, { overlap: 1, goldRate: 0, leaseSeconds: 600, ...patch });

/** Labels whatever the queue gives until it is empty (bounded). */
async function drain(client: ApiClient, max = 500): Promise<number> {
  let labelled = 0;
  for (let i = 0; i < max; i++) {
    const { body } = await next(client, 1);
    if (body.assignments.length === 0) return labelled;
    const response = await client.post(API.labels, labelFor(body.assignments[0].assignmentId));
    expect(response.status).toBe(201);
    labelled++;
  }
  throw new Error('queue did not drain');
}

describe('labeling queue', () => {
  let app: TestApp;
  afterEach(() => app?.close());

  it('leases expire and the pair returns; a late label is refused once the pair went to someone else', async () => {
    const clock = testClock();
    app = await startTestApp({ clock: clock.now });
    await settings(app, { leaseSeconds: 60 });
    await importPairs(app.admin, 1);
    const [alice, bob] = [await app.user('alice'), await app.user('bob')];

    const first = (await next(alice)).body.assignments;
    expect(first).toHaveLength(1);
    expect((await next(bob)).body.assignments).toHaveLength(0); // overlap 1, leased to alice
    expect((await next(alice)).body.assignments[0].assignmentId).toBe(first[0].assignmentId); // own lease comes back

    clock.advance(61_000);
    const second = (await next(bob)).body.assignments;
    expect(second).toHaveLength(1);
    expect(comparisonOf(app, second[0].assignmentId)).toBe(comparisonOf(app, first[0].assignmentId));
    const late = await alice.post(API.labels, labelFor(first[0].assignmentId));
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ error: { code: 'lease_expired' } });
    expect((await bob.post(API.labels, labelFor(second[0].assignmentId))).status).toBe(201);
  });

  it('accepts a label on an expired lease while the pair still needs it', async () => {
    const clock = testClock();
    app = await startTestApp({ clock: clock.now });
    await settings(app, { leaseSeconds: 60 });
    await importPairs(app.admin, 1);
    const alice = await app.user('alice');
    const [a] = (await next(alice)).body.assignments;
    clock.advance(10 * 60_000);
    expect((await app.admin.get<{ activeLeases: number }>(API.admin.counts)).body.activeLeases).toBe(0);
    expect((await alice.post(API.labels, labelFor(a.assignmentId))).status).toBe(201);
  });

  it('holds overlap k and never gives a user the same pair twice under concurrent requests', async () => {
    app = await startTestApp();
    await settings(app, { overlap: 2 });
    await importPairs(app.admin, 20);
    const users = await Promise.all(['u1', 'u2', 'u3', 'u4', 'u5'].map((n) => app.user(n)));

    // many parallel next requests from every user at once
    const views = await Promise.all(users.flatMap((u) => Array.from({ length: 6 }, () => next(u, 5))));
    for (const v of views) expect(v.status).toBe(200);
    const leased = app.server.db
      .prepare("SELECT comparison_id, count(*) AS n FROM assignments WHERE state = 'leased' GROUP BY comparison_id")
      .all() as { n: number }[];
    expect(Math.max(...leased.map((r) => r.n))).toBeLessThanOrEqual(2);
    expect(app.server.db.prepare('SELECT max(leased_count) FROM comparisons').pluck().get()).toBe(2);

    // everyone labels concurrently until nothing is left
    const labelled = await Promise.all(users.map((u) => drain(u)));
    expect(labelled.reduce((a, b) => a + b, 0)).toBe(40);
    const db = app.server.db;
    expect(db.prepare('SELECT count(*) FROM (SELECT user_id, comparison_id FROM assignments GROUP BY 1, 2 HAVING count(*) > 1)').pluck().get()).toBe(0);
    expect(db.prepare('SELECT DISTINCT label_count FROM comparisons').pluck().all()).toEqual([2]);
    expect(db.prepare("SELECT DISTINCT status FROM comparisons").pluck().all()).toEqual(['complete']);
    expect(db.prepare('SELECT max(n) FROM (SELECT count(*) AS n FROM labels GROUP BY comparison_id)').pluck().get()).toBe(2);
    // the counts kept by triggers agree with the rows
    expect(counterDrift(db)).toEqual({});
  });

  it('never gives a pair that contains an answer the user wrote', async () => {
    app = await startTestApp();
    await importPairs(app.admin, 10);
    const writer = await app.user('writer');
    const db = app.server.db;
    const authored = db.prepare('SELECT id FROM responses ORDER BY id LIMIT 3').pluck().all() as number[];
    for (const id of authored) db.prepare('UPDATE responses SET author_user_id = ? WHERE id = ?').run(writer.user.id, id);

    expect(await drain(writer)).toBe(7);
    const given = db
      .prepare('SELECT c.response_a, c.response_b FROM assignments a JOIN comparisons c ON c.id = a.comparison_id WHERE a.user_id = ?')
      .all(writer.user.id) as { response_a: number; response_b: number }[];
    for (const pair of given) {
      expect(authored).not.toContain(pair.response_a);
      expect(authored).not.toContain(pair.response_b);
    }
    expect((await writer.get<MyProgress>(API.myProgress)).body).toEqual({ labeled: 7, skipped: 0, available: 0 });
  });

  it('stores a retried label once (duplicate: true) and refuses another user\'s key', async () => {
    app = await startTestApp();
    await importPairs(app.admin, 2);
    const [alice, bob] = [await app.user('alice'), await app.user('bob')];
    const [a] = (await next(alice)).body.assignments;
    const body = labelFor(a.assignmentId, 'retry-key-0001');
    const [r1, r2] = await Promise.all([alice.post<LabelAck>(API.labels, body), alice.post<LabelAck>(API.labels, body)]);
    const statuses = [r1.status, r2.status].sort();
    expect(statuses).toEqual([200, 201]);
    expect([r1.body.duplicate, r2.body.duplicate].sort()).toEqual([false, true]);
    expect(rowCount(app, 'labels')).toBe(1);

    const [b] = (await next(bob)).body.assignments;
    const stolen = await bob.post(API.labels, labelFor(b.assignmentId, 'retry-key-0001'));
    expect(stolen.status).toBe(409);
    expect(stolen.body).toMatchObject({ error: { code: 'idempotency_conflict' } });
    expect(rowCount(app, 'labels')).toBe(1);
  });

  it('maps screen sides to a/b through the shown order and randomises it', async () => {
    app = await startTestApp();
    await importPairs(app.admin, 40);
    const alice = await app.user('alice');
    const orders = new Set<string>();
    for (let i = 0; i < 40; i++) {
      const [view] = (await next(alice)).body.assignments;
      const row = app.server.db
        .prepare(
          `SELECT a.shown_order, ra.text AS a_text, rb.text AS b_text FROM assignments a JOIN comparisons c ON c.id = a.comparison_id
           JOIN responses ra ON ra.id = c.response_a JOIN responses rb ON rb.id = c.response_b WHERE a.id = ?`,
        )
        .get(view.assignmentId) as { shown_order: string; a_text: string; b_text: string };
      orders.add(row.shown_order);
      expect([view.left.text, view.right.text]).toEqual(row.shown_order === 'ab' ? [row.a_text, row.b_text] : [row.b_text, row.a_text]);
      const ack = await alice.post<LabelAck>(API.labels, { ...labelFor(view.assignmentId), pick: 'right' });
      expect(ack.body).toEqual({ duplicate: false });
      const stored = app.server.db.prepare('SELECT choice FROM labels WHERE assignment_id = ?').pluck().get(view.assignmentId);
      expect(stored).toBe(row.shown_order === 'ab' ? 'b' : 'a');
    }
    expect(orders).toEqual(new Set(['ab', 'ba']));
  });

  it('serves a gold pair when one is drawn (rate 1: at once; rate 0: never), to every annotator', async () => {
    app = await startTestApp();
    await settings(app, { goldRate: 1 });
    await importPairs(app.admin, 12);
    const goldId = app.server.db.prepare('SELECT max(id) FROM comparisons').pluck().get() as number;
    expect((await app.admin.post(API.admin.gold, { comparisonId: goldId, answer: 'a' })).status).toBe(200);
    for (const name of ['alice', 'bob']) {
      const user = await app.user(name);
      const order: number[] = [];
      for (let i = 0; i < 3; i++) {
        const [a] = (await next(user)).body.assignments;
        order.push(comparisonOf(app, a.assignmentId));
        await user.post(API.labels, labelFor(a.assignmentId));
      }
      expect(order.indexOf(goldId)).toBe(0); // drawn at once, then never again for this user
      expect(order.slice(1)).not.toContain(goldId);
    }
    await settings(app, { goldRate: 0 });
    const carol = await app.user('carol');
    expect(await drain(carol)).toBe(7); // every ordinary pair alice and bob left (11 − 2 × 2), never the gold one
    expect(app.server.db.prepare('SELECT status, label_count FROM comparisons WHERE id = ?').get(goldId)).toEqual({ status: 'open', label_count: 2 });
    expect(counterDrift(app.server.db)).toEqual({});
  });

  it('orders eval before train and higher priority first', async () => {
    app = await startTestApp();
    await importPairs(app.admin, 3, 'train');
    await importPairs(app.admin, 2, 'eval', ['model-e1', 'model-e2']);
    const db = app.server.db;
    db.prepare("UPDATE comparisons SET kind = 'eval' WHERE prompt_id IN (SELECT id FROM prompts WHERE text LIKE 'eval%')").run();
    const trainIds = db.prepare("SELECT id FROM comparisons WHERE kind = 'train' ORDER BY id").pluck().all() as number[];
    db.prepare('UPDATE comparisons SET priority = 5 WHERE id = ?').run(trainIds[2]);
    db.prepare('UPDATE comparisons SET uncertainty = 0.9 WHERE id = ?').run(trainIds[1]);
    const alice = await app.user('alice');
    const got = (await next(alice, 5)).body.assignments.map((a) => comparisonOf(app, a.assignmentId));
    const evalIds = db.prepare("SELECT id FROM comparisons WHERE kind = 'eval' ORDER BY id").pluck().all();
    expect(got).toEqual([...evalIds, trainIds[1], trainIds[2], trainIds[0]]);
  });

  it('never offers a skipped pair to the same user again, but does to others', async () => {
    app = await startTestApp();
    await importPairs(app.admin, 2);
    const [alice, bob] = [await app.user('alice'), await app.user('bob')];
    const [a] = (await next(alice)).body.assignments;
    expect((await alice.post(API.queueSkip, { assignmentId: a.assignmentId })).body).toEqual({ ok: true });
    const skippedPair = comparisonOf(app, a.assignmentId);
    const after = (await next(alice, 5)).body.assignments.map((x) => comparisonOf(app, x.assignmentId));
    expect(after).not.toContain(skippedPair);
    expect(after).toHaveLength(1);
    expect((await next(bob, 5)).body.assignments.map((x) => comparisonOf(app, x.assignmentId))).toContain(skippedPair);
    expect((await bob.post(API.queueSkip, { assignmentId: a.assignmentId })).status).toBe(404); // not bob's
    expect((await alice.get<MyProgress>(API.myProgress)).body.skipped).toBe(1);
    expect(counterDrift(app.server.db)).toEqual({});
  });

  it('applies a new overlap to open comparisons', async () => {
    app = await startTestApp();
    await importPairs(app.admin, 3);
    const alice = await app.user('alice');
    await drain(alice);
    expect(rowCount(app, 'labels')).toBe(3);
    await importPairs(app.admin, 2, 'later');
    await settings(app, { overlap: 3 });
    const targets = app.server.db.prepare('SELECT status, overlap_target AS k FROM comparisons ORDER BY id').all();
    expect(targets).toEqual([
      ...Array(3).fill({ status: 'complete', k: 1 }),
      ...Array(2).fill({ status: 'open', k: 3 }),
    ]);
    await settings(app, { overlap: 1 });
    expect((await app.admin.get<QueueSettings>(API.admin.settings)).body.overlap).toBe(1);
    expect(counterDrift(app.server.db)).toEqual({});
  });
});
