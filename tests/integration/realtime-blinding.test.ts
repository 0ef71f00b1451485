import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API } from '../../shared/api';
import type { AssignmentView } from '../../shared/schemas/queue';
import { createRng } from '../../server/ml/random';
import { goldDrawn, serverUniform, type Uniform } from '../../server/queue/order';
import { type TestApp, startTestApp } from '../helpers/app';
import { importPairs, labelFor } from '../helpers/data';
import { connectSocket, request, type TestSocket } from '../helpers/socket';

const keysOf = (o: object) => Object.keys(o).sort();

/** What an annotator may see of a pair, and nothing else. */
function expectBlind(view: AssignmentView) {
  expect(keysOf(view)).toEqual(['assignmentId', 'expiresAt', 'left', 'prompt', 'right']);
  expect(keysOf(view.prompt)).toEqual(['context', 'text']);
  expect(keysOf(view.left)).toEqual(['text']);
  expect(keysOf(view.right)).toEqual(['text']);
}

describe('blinding: annotators see opaque lease ids and texts only', () => {
  let app: TestApp;
  let socket: TestSocket;
  beforeAll(async () => {
    app = await startTestApp();
    await importPairs(app.admin, 30);
  });
  afterAll(async () => {
    socket?.close();
    await app?.close();
  });

  it('over REST: no pair, response or prompt ids, no models; lease ids that count nothing', async () => {
    const ann = await app.user('ann');
    const views: AssignmentView[] = [];
    for (let i = 0; i < 10; i++) {
      const next = await ann.post<{ assignments: AssignmentView[] }>(API.queueNext, { count: 1 });
      expect(next.text).not.toMatch(/comparison|responseId|"id"|"model"|policy/i);
      views.push(...next.body.assignments);
      const ack = await ann.post(API.labels, labelFor(next.body.assignments[0].assignmentId));
      expect(ack.status).toBe(201);
      expect(ack.body).toEqual({ duplicate: false }); // no label id, pair id or a/b choice
    }
    for (const view of views) expectBlind(view);
    const ids = views.map((v) => v.assignmentId);
    const rowids = app.server.db.prepare('SELECT rowid FROM assignments ORDER BY leased_at, rowid').pluck().all() as number[];
    expect(new Set(ids)).toEqual(new Set(rowids)); // the id is the lease's own key, so labels map back
    const steps = ids.slice(1).map((id, i) => id - ids[i]);
    expect(steps.filter((d) => d === 1).length).toBeLessThan(3); // not sequential
    expect(Math.max(...ids)).toBeGreaterThan(2 ** 32);
    expect(ids.every(Number.isSafeInteger)).toBe(true);
  });

  it('over socket.io: the same blind view, and the label is stored against the right response', async () => {
    const bea = await app.user('bea');
    socket = await connectSocket(bea);
    const { assignments } = await request<{ assignments: AssignmentView[] }>(socket, 'queue:next', { count: 3 });
    expect(assignments).toHaveLength(3);
    for (const view of assignments) {
      expectBlind(view);
      expect(await request(socket, 'label:submit', { ...labelFor(view.assignmentId), pick: 'left' })).toEqual({ duplicate: false });
      const row = app.server.db
        .prepare(
          `SELECT l.choice, ra.text AS a_text FROM labels l JOIN comparisons c ON c.id = l.comparison_id
           JOIN responses ra ON ra.id = c.response_a WHERE l.assignment_id = ?`,
        )
        .get(view.assignmentId) as { choice: string; a_text: string };
      expect(row.choice).toBe(view.left.text === row.a_text ? 'a' : 'b'); // the shown-order swap undone server-side
    }
  });

  it('admins still see pairs, responses and models in the admin routes', async () => {
    const page = await app.admin.get<{ items: { id: number; responseA: { id: number; model: string } }[] }>(`${API.admin.comparisons}?limit=1`);
    expect(page.body.items[0]).toMatchObject({ id: expect.any(Number), responseA: { id: expect.any(Number), model: expect.stringMatching(/^model-[xy]$/) } });
  });
});

describe('gold pairs are drawn at random at the configured rate', () => {
  /** Positions (0-based, among `n` single-slot draws) that came out gold. */
  const goldPositions = (random: Uniform, rate: number, n: number) =>
    Array.from({ length: n }, () => goldDrawn(rate, 1, random)).flatMap((gold, i) => (gold ? [i] : []));

  for (const [name, random] of [
    ['a seeded generator', createRng(7).next],
    ["the server's crypto draws", serverUniform],
  ] as const) {
    it(`${name}: 1000 draws at rate 0.1 hit the rate within binomial tolerance, at varying gaps`, () => {
      const positions = goldPositions(random, 0.1, 1000);
      const sd = Math.sqrt(1000 * 0.1 * 0.9); // ≈ 9.5
      expect(Math.abs(positions.length - 100)).toBeLessThan(4.5 * sd);
      const gaps = new Set(positions.slice(1).map((p, i) => p - positions[i]));
      expect(gaps.size).toBeGreaterThan(5); // never "every 10th"
    });
  }

  it('is reproducible from a seed, never at rate 0, always at rate 1; several slots draw once each', () => {
    expect(goldPositions(createRng(3).next, 0.2, 200)).toEqual(goldPositions(createRng(3).next, 0.2, 200));
    expect(goldPositions(createRng(3).next, 0, 200)).toEqual([]);
    expect(goldPositions(createRng(3).next, 1, 50)).toHaveLength(50);
    let draws = 0;
    goldDrawn(0.5, 4, () => {
      draws++;
      return 0.9;
    });
    expect(draws).toBe(4);
  });
});
