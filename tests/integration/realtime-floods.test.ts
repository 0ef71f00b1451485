import { afterEach, describe, expect, it } from 'vitest';
import { TokenBuckets } from '../../server/queue/token-bucket';
import { LIST_TEXT_CHARS } from '../../server/store/comparisons';
import { API } from '../../shared/api';
import { ROUTE_LIST } from '../../shared/contract';
import type { AdminComparison } from '../../shared/schemas/admin';
import type { AssignmentView } from '../../shared/schemas/queue';
import { startTestApp, type TestApp, testClock } from '../helpers/app';
import { importPairs, labelFor } from '../helpers/data';
import { nextEvent, request, socketPool, } from '../helpers/socket';

type Next = { assignments: AssignmentView[] };

/** A server whose per-user limit is 2/s (bursts of 4) per action; sockets 8/s (bursts of 16) for all events. */
async function limitedApp(clock: ReturnType<typeof testClock>) {
  process.env.PREFLOOP_RATE_LIMIT_PER_S = '2';
  try {
    return await startTestApp({ clock: clock.now });
  } finally {
    delete process.env.PREFLOOP_RATE_LIMIT_PER_S;
  }
}

describe('flood limits', () => {
  let app: TestApp;
  const { open, closeAll } = socketPool();
  afterEach(async () => {
    closeAll();
    await app?.close();
  });

  it('per user, shared by REST and socket: 429 rate_limited with Retry-After, until the bucket refills', async () => {
    const clock = testClock();
    app = await limitedApp(clock);
    await importPairs(app.admin, 10);
    const ann = await app.user('ann');
    const socket = await open(ann);
    for (let i = 0; i < 3; i++) expect((await ann.post<Next>(API.queueNext, { count: 1 })).status).toBe(200);
    expect(await request(socket, 'queue:next', { count: 1 })).toHaveProperty('assignments'); // the 4th, over the socket

    const refused = await ann.post(API.queueNext, { count: 1 });
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ error: { code: 'rate_limited', details: { retryAfterSeconds: 1 } } });
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(await request(socket, 'queue:next', { count: 1 })).toMatchObject({ error: { code: 'rate_limited' } });

    // other actions and other users have their own buckets
    const [lease] = (await ann.post<Next>(API.queueNext, { count: 1 })).body.assignments ?? [];
    expect(lease).toBeUndefined();
    const bob = await app.user('bob');
    expect((await bob.post<Next>(API.queueNext, { count: 1 })).status).toBe(200);
    const held = app.server.db.prepare("SELECT id FROM assignments WHERE user_id = ? AND state = 'leased'").pluck().get(ann.user.id) as number;
    expect((await ann.post(API.labels, labelFor(held))).status).toBe(201);

    clock.advance(1_000); // two tokens back
    expect((await ann.post(API.queueNext, { count: 1 })).status).toBe(200);
    expect(await request(socket, 'queue:next', { count: 1 })).toHaveProperty('assignments');
    expect((await ann.post(API.queueNext, { count: 1 })).status).toBe(429);
  });

  it('per socket: a flood of events (valid or not) is cut off with rate_limited acks', async () => {
    const clock = testClock();
    app = await limitedApp(clock);
    const ann = await app.user('ann');
    const socket = await open(ann);
    const replies = [];
    for (let i = 0; i < 20; i++) replies.push(await request<{ error: { code: string } }>(socket, 'queue:skip', { assignmentId: 'garbage' }));
    const codes = replies.map((r) => r.error.code);
    expect(codes.slice(0, 16)).toEqual(Array(16).fill('invalid_request'));
    expect(codes.slice(16)).toEqual(Array(4).fill('rate_limited'));
    expect(socket.connected).toBe(true);
    // a new socket of the same user has its own event budget
    const fresh = await open(ann);
    expect(await request(fresh, 'queue:skip', { assignmentId: 'garbage' })).toMatchObject({ error: { code: 'invalid_request' } });
  });

  it('only a real skip tells everyone queue:available; skipping the same pair again does not', async () => {
    app = await startTestApp();
    const [ann, bob] = [await app.user('ann'), await app.user('bob')];
    const listener = await open(bob);
    // the import's own push first (pushes are coalesced: one still pending would add its count to the skip's)
    const imported = nextEvent<{ count: number }>(listener, 'queue:available');
    await importPairs(app.admin, 2);
    expect(await imported).toEqual({ count: 2 });
    const [a] = (await ann.post<Next>(API.queueNext, { count: 1 })).body.assignments;

    const freed = nextEvent<{ count: number }>(listener, 'queue:available');
    expect((await ann.post(API.queueSkip, { assignmentId: a.assignmentId })).status).toBe(200);
    expect(await freed).toEqual({ count: 1 });

    const later = nextEvent<{ count: number }>(listener, 'queue:available');
    for (let i = 0; i < 5; i++) expect((await ann.post(API.queueSkip, { assignmentId: a.assignmentId })).body).toEqual({ ok: true });
    await importPairs(app.admin, 3, 'more'); // a real change, so the next push comes: it counts only the 3 new pairs
    expect(await later).toEqual({ count: 3 });
  });
});

describe('bounded admin lists', () => {
  let app: TestApp;
  afterEach(() => app?.close());

  it('cap the page size, cut long texts in lists, and give them whole on the detail route', async () => {
    app = await startTestApp();
    const long = `${'word '.repeat(2_000)}end`; // 10,003 characters
    for (const model of ['m1', 'm2']) {
      const content = [JSON.stringify({ prompt: `long ${long}`, output: `${model} ${long}` }), JSON.stringify({ prompt: 'short', output: `${model} says hi` })].join('\n');
      expect((await app.admin.post(API.admin.importResponses, { format: 'jsonl', model, content })).status).toBe(200);
    }
    const lists = ROUTE_LIST.filter((r) => r.method === 'GET' && r.auth === 'admin' && r.query && 'limit' in (r.query as unknown as { shape: object }).shape);
    expect(lists.length).toBeGreaterThanOrEqual(5);
    for (const { path } of lists) {
      expect((await app.admin.get(`${path}?limit=501`)).status, path).toBe(400);
    }
    const page = await app.admin.get<{ items: AdminComparison[] }>(`${API.admin.comparisons}?limit=500`);
    expect(page.status).toBe(200);
    const [cut, short] = page.body.items;
    for (const text of [cut.promptText, cut.responseA.text, cut.responseB.text]) {
      expect(text).toHaveLength(LIST_TEXT_CHARS + 1);
      expect(text.endsWith('…')).toBe(true);
    }
    expect(short.responseA.text).toMatch(/^m[12] says hi$/);
    const whole = await app.admin.get<AdminComparison>(`${API.admin.comparisons}/${cut.id}`);
    expect(whole.body.promptText).toBe(`long ${long}`);
    expect([whole.body.responseA.text, whole.body.responseB.text].sort()).toEqual([`m1 ${long}`, `m2 ${long}`]);
    expect((await app.admin.get(`${API.admin.comparisons}/999999`)).status).toBe(404);
    const ann = await app.user('ann');
    expect((await ann.get(`${API.admin.comparisons}/${cut.id}`)).status).toBe(403);
  });
});

describe('TokenBuckets', () => {
  it('refills at its rate up to the burst, and holds at most maxKeys buckets (least recently used dropped)', () => {
    let now = 0;
    const buckets = new TokenBuckets<number>({ perSecond: 10, burst: 3 }, () => now, 100);
    expect([1, 2, 3, 4].map(() => buckets.take(1))).toEqual([0, 0, 0, 0.1]);
    now += 50; // half a token
    expect(buckets.take(1)).toBeCloseTo(0.05);
    now += 10_000;
    expect([1, 2, 3, 4].map(() => buckets.take(1) === 0)).toEqual([true, true, true, false]); // never above the burst
    for (let key = 2; key < 1_000; key++) buckets.take(key);
    expect(buckets.size).toBe(100);
  });
});
