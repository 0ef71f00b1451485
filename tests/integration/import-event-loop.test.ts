// Imports and comparison builds run in chunks (server/import/chunks.ts): while a large one is in flight, the
// server answers health checks and acknowledges labels. The server runs in this process, so this test's own
// code gets a turn only between chunks too: "the import has written its first chunk" is seen while it runs.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API } from '../../shared/api';
import { ROUTES } from '../../shared/contract';
import type { ImportResult } from '../../shared/schemas/imports';
import type { AssignmentView } from '../../shared/schemas/queue';
import type { ImportLabelledPairsResult } from '../../shared/schemas/reward';
import { counterDrift, rowCount, startTestApp, type TestApp } from '../helpers/app';
import type { ApiClient, ApiResponse } from '../helpers/client';
import { importPairs, labelFor } from '../helpers/data';
import { connectSocket, receivedEvents } from '../helpers/socket';
import { holdWriteLock } from '../helpers/write-lock';

const ROWS = 20_000;
const jsonl = (n: number, row: (i: number) => unknown) => Array.from({ length: n }, (_, i) => JSON.stringify(row(i))).join('\n');
const answers = (model: string, prefix = 'big prompt') => jsonl(ROWS, (i) => ({ prompt: `${prefix} ${i}`, output: `${model} answers ${prefix} ${i}` }));

/** Resolves once `done()` holds, checked on every turn of the event loop this process gets. */
async function until(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((resolve) => setTimeout(resolve, 1));
}

/**
 * Sends `slow`; once `started()` shows it has written something (it is running, not finished), sends each of
 * `meanwhile`. Returns the order in which the answers arrived, and the answers.
 */
async function inFlight<T>(slow: () => Promise<ApiResponse<T>>, started: () => boolean, meanwhile: Record<string, () => Promise<ApiResponse>>) {
  const order: string[] = [];
  const running = slow().then((response) => {
    order.push('slow');
    return response;
  });
  await until(() => started() || order.length > 0);
  if (order.length > 0) throw new Error(`answered before it was seen running: ${(await running).status} ${(await running).text.slice(0, 300)}`);
  const answers = await Promise.all(
    Object.entries(meanwhile).map(([name, send]) =>
      send().then((response) => {
        order.push(name);
        return response;
      }),
    ),
  );
  return { order, slow: await running, meanwhile: answers };
}

async function leaseOne(annotator: ApiClient): Promise<AssignmentView> {
  const { body } = await annotator.route(ROUTES.queueNext, { body: { count: 1 } });
  const [assignment] = (body as { assignments: AssignmentView[] }).assignments;
  expect(assignment).toBeDefined();
  return assignment;
}

describe('imports leave the event loop to others', () => {
  let app: TestApp;
  let annotator: ApiClient;
  const count = (sql: string) => app.server.db.prepare(sql).pluck().get() as number;
  const responsesOf = (model: string) => count(`SELECT count(*) FROM responses WHERE model_name = '${model}'`);
  const importResponses = (model: string, content: string, buildComparisons = true) =>
    app.admin.post<ImportResult>(API.admin.importResponses, { format: 'jsonl', model, content, buildComparisons });

  beforeAll(async () => {
    app = await startTestApp();
    await importPairs(app.admin, 5, 'small');
    annotator = await app.user('annotates-meanwhile');
  });
  afterAll(() => app.close());

  it('answers health and acknowledges a label while 20k responses and their comparisons are imported; re-importing adds nothing', async () => {
    expect((await importResponses('big-a', answers('big-a'))).body).toMatchObject({ responses: ROWS, comparisons: 0 });
    const assignment = await leaseOne(annotator);
    const label = labelFor(assignment.assignmentId);
    const comparisonsBefore = rowCount(app, 'comparisons');

    const run = await inFlight(() => importResponses('big-b', answers('big-b')), () => responsesOf('big-b') > 0, {
      health: () => app.anonymous.get(API.health),
      label: () => annotator.post(API.labels, label),
    });

    expect(run.order).toEqual(expect.arrayContaining(['health', 'label']));
    expect(run.order.at(-1)).toBe('slow'); // both answered before the import
    const [health, labelled] = run.meanwhile;
    expect(health.status).toBe(200);
    expect(labelled.status).toBe(201);
    expect(count(`SELECT count(*) FROM labels WHERE idempotency_key = '${label.idempotencyKey}'`)).toBe(1);

    expect(run.slow.status).toBe(200);
    expect(run.slow.body).toEqual({ rows: ROWS, prompts: 0, responses: ROWS, comparisons: ROWS, duplicates: 0 });
    expect(rowCount(app, 'comparisons') - comparisonsBefore).toBe(ROWS);
    const pairs = count(`SELECT count(DISTINCT ra.prompt_id) FROM comparisons c JOIN responses ra ON ra.id = c.response_a
                         JOIN responses rb ON rb.id = c.response_b WHERE ra.model_name IN ('big-a', 'big-b') AND rb.model_name IN ('big-a', 'big-b')`);
    expect(pairs).toBe(ROWS); // one comparison per prompt

    const again = await importResponses('big-b', answers('big-b'));
    expect(again.body).toEqual({ rows: ROWS, prompts: 0, responses: 0, comparisons: 0, duplicates: ROWS });
    expect(rowCount(app, 'comparisons') - comparisonsBefore).toBe(ROWS);
    expect(counterDrift(app.server.db)).toEqual({});
  });

  it('answers health while the admin builds comparisons; building again adds none', async () => {
    for (const model of ['build-x', 'build-y']) {
      expect((await importResponses(model, answers(model, 'build prompt'), false)).body).toMatchObject({ responses: ROWS, comparisons: 0 });
    }
    const before = rowCount(app, 'comparisons');
    const build = (body: unknown) => app.admin.post<{ comparisons: number }>(API.admin.buildComparisons, body);

    const run = await inFlight(() => build({ modelA: 'build-x', modelB: 'build-y' }), () => rowCount(app, 'comparisons') > before, {
      health: () => app.anonymous.get(API.health),
    });

    expect(run.order).toEqual(['health', 'slow']);
    expect(run.slow.body).toEqual({ comparisons: ROWS });
    expect(rowCount(app, 'comparisons') - before).toBe(ROWS);
    expect((await build({})).body).toEqual({ comparisons: 0 });
    expect(counterDrift(app.server.db)).toEqual({});
  });

  it('answers health while labelled pairs are imported; re-importing adds nothing', async () => {
    const content = jsonl(ROWS, (i) => ({ prompt: `pair prompt ${i}`, chosen: `kind answer ${i}`, rejected: `rude answer ${i}` }));
    const post = () => app.admin.post<ImportLabelledPairsResult>(ROUTES.adminImportLabelledPairs.path, { format: 'trl', content, source: 'big-trl' });

    const run = await inFlight(post, () => responsesOf('big-trl') > 0, { health: () => app.anonymous.get(API.health) });

    expect(run.order).toEqual(['health', 'slow']);
    expect(run.slow.body).toEqual({ rows: ROWS, prompts: ROWS, responses: 2 * ROWS, comparisons: ROWS, labels: ROWS, duplicates: 0, source: 'big-trl' });
    expect((await post()).body).toMatchObject({ prompts: 0, responses: 0, comparisons: 0, labels: 0, duplicates: ROWS });
    expect(counterDrift(app.server.db)).toEqual({});
  });

  it('validates every row before writing any: a bad last row of a big file stores nothing', async () => {
    const tables = ['prompts', 'responses', 'comparisons'].map((t) => rowCount(app, t));
    const content = `${answers('bad-tail', 'tail prompt')}\n${JSON.stringify({ output: 'no prompt' })}`;
    const response = await importResponses('bad-tail', content);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: { code: 'invalid_import', details: { rows: [{ row: ROWS + 1 }] } } });
    expect(['prompts', 'responses', 'comparisons'].map((t) => rowCount(app, t))).toEqual(tables);
  });

  it('waits for another process to let go of the write lock without holding up the server', async () => {
    const lock = await holdWriteLock(app.dbPath);
    const order: string[] = [];
    const content = jsonl(50, (i) => ({ prompt: `locked prompt ${i}`, output: `answer ${i}` }));
    const imported = importResponses('while-locked', content).then((response) => {
      order.push('import answered');
      return response;
    });
    const health = await app.anonymous.get(API.health);
    order.push('health answered');
    await new Promise((resolve) => setTimeout(resolve, 200)); // the import keeps waiting while the lock is held
    order.push('lock released');
    await lock.release();

    expect(health.status).toBe(200);
    expect((await imported).body).toEqual({ rows: 50, prompts: 50, responses: 50, comparisons: 0, duplicates: 0 });
    expect(order).toEqual(['health answered', 'lock released', 'import answered']);
    expect(responsesOf('while-locked')).toBe(50);
  });
});

/**
 * A JSON body of about 20 MB (the import routes take 25 MB) of many short rows, as an AlpacaFarm file has: one
 * JSON.parse of it takes ~50–300 ms here (more objects and escapes per MB parse slower).
 */
const BIG_ROWS = 40_000;
const shortAnswer = (i: number) => `answer ${i}: "the sky looks blue" because short wavelengths scatter.\n${'Rayleigh scattering. '.repeat(14)}`;
const bigFile = {
  jsonl: (model: string) => jsonl(BIG_ROWS, (i) => ({ prompt: `${model} prompt ${i}`, output: shortAnswer(i) })),
  alpacafarm: (model: string) =>
    JSON.stringify(Array.from({ length: BIG_ROWS }, (_, i) => ({ instruction: `${model} prompt ${i}`, input: '', output: shortAnswer(i) }))),
};

/** The median of three timings of `run` (ms). */
function medianMs(run: () => void): number {
  const times = [0, 1, 2].map(() => {
    const start = performance.now();
    run();
    return performance.now() - start;
  });
  return times.sort((a, b) => a - b)[1];
}

describe('large import bodies are parsed a piece at a time', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());
  const responsesOf = (model: string) => app.server.db.prepare('SELECT count(*) FROM responses WHERE model_name = ?').pluck().get(model) as number;

  /**
   * The longest event-loop stall (ms) while `send` runs, measured in this process (the server's). The client's
   * own work (the 20 MB string to bytes) happens synchronously in `send`'s call, before the measure starts.
   */
  async function longestStall<T>(send: () => Promise<T>): Promise<{ result: T; stallMs: number }> {
    const stalls = monitorEventLoopDelay({ resolution: 1 });
    const sent = send();
    stalls.enable();
    const result = await sent;
    await new Promise((resolve) => setTimeout(resolve, 20)); // a timer late after a stall is what records it
    stalls.disable();
    return { result, stallMs: stalls.max / 1e6 };
  }

  it.each(['jsonl', 'alpacafarm'] as const)(
    'a %s file in a 20 MB JSON body is parsed a piece at a time: health answers while it is read',
    async (format) => {
      const model = `pieces-${format}`;
      const content = bigFile[format](model);
      const body = JSON.stringify({ format, model, content });
      expect(body.length).toBeGreaterThan(15e6);
      expect(body.length).toBeLessThan(25 * 1024 * 1024);
      const post = (text: string) => app.admin.request<ImportResult>('POST', API.admin.importResponses, undefined, text);

      // 1. A bad last row: the body is read, parsed and checked whole, then refused, and nothing is written. The
      // longest event-loop stall is printed next to one JSON.parse of the same text (bench/import-stall.ts measures
      // it properly; a test asserts no timing).
      const badTail = JSON.stringify({ instruction: 'no output' });
      const refused = JSON.stringify({ format, model, content: format === 'jsonl' ? `${content}\n${badTail}` : `${content.slice(0, -1)},${badTail}]` });
      const oneShotMs = Math.max(medianMs(() => JSON.parse(refused)), format === 'alpacafarm' ? medianMs(() => JSON.parse(content)) : 0);
      const { result, stallMs } = await longestStall(() => post(refused));
      expect(result.status).toBe(400);
      expect(result.body).toMatchObject({ error: { code: 'invalid_import', details: { rows: [{ row: BIG_ROWS + 1 }] } } });
      console.log(`${format}: body ${(body.length / 1e6).toFixed(1)} MB; one JSON.parse ${oneShotMs.toFixed(0)} ms, longest stall ${stallMs.toFixed(1)} ms`);
      expect(responsesOf(model)).toBe(0);

      // 2. The import itself, health checks sent one after another until it answers
      let answered = false;
      const imported = post(body);
      void imported.then(() => {
        answered = true;
      });
      const health: { status: number; importPending: boolean; written: number }[] = [];
      while (!answered) {
        const { status } = await app.anonymous.get(API.health);
        health.push({ status, importPending: !answered, written: responsesOf(model) });
      }
      const response = await imported;
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ rows: BIG_ROWS, prompts: BIG_ROWS, responses: BIG_ROWS, comparisons: 0, duplicates: 0 });
      expect(health.every((h) => h.status === 200)).toBe(true);
      // answered before the first row was written: while the body was read, parsed and its rows checked
      expect(health.filter((h) => h.importPending && h.written === 0).length).toBeGreaterThan(0);
    },
  );

  it('a large body that is not valid JSON answers 400 bad_json and changes nothing', async () => {
    const tables = ['prompts', 'responses', 'comparisons'].map((t) => rowCount(app, t));
    const body = JSON.stringify({ format: 'alpacafarm', model: 'broken', content: bigFile.alpacafarm('broken') });
    for (const broken of [body.slice(0, -1), `${body.slice(0, 1000)}\u0000${body.slice(1000)}`, `${body} trailing`]) {
      const response = await app.admin.request('POST', API.admin.importResponses, undefined, broken);
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ error: { code: 'bad_json', message: 'The request body is not valid JSON' } });
    }
    const notAnArray = JSON.stringify({ format: 'alpacafarm', model: 'broken', content: `{"rows": ${bigFile.alpacafarm('broken')}}` });
    const response = await app.admin.request('POST', API.admin.importResponses, undefined, notAnArray);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: { code: 'invalid_import', message: 'An AlpacaFarm file is a JSON array of {instruction, input, output}' } });
    expect(['prompts', 'responses', 'comparisons'].map((t) => rowCount(app, t))).toEqual(tables);
  });
});

describe('new pairs are announced as an import commits them', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());
  const N = 5_000;

  it('an annotator waiting on an empty queue hears queue:available before a long import has finished', async () => {
    const annotator = await app.user('waits-for-pairs');
    const content = (model: string) => jsonl(N, (i) => ({ prompt: `queued prompt ${i}`, output: `${model} answers ${i}` }));
    const first = await app.admin.post<ImportResult>(API.admin.importResponses, { format: 'jsonl', model: 'first', content: content('first') });
    expect(first.body).toMatchObject({ responses: N, comparisons: 0 }); // one model: no pairs yet
    const socket = await connectSocket(annotator);
    const available = () =>
      receivedEvents(socket)
        .filter(([event]) => event === 'queue:available')
        .reduce((sum, [, payload]) => sum + (payload as { count: number }).count, 0);
    const comparisons = () => rowCount(app, 'comparisons');

    let answered = false;
    const second = app.admin.post<ImportResult>(API.admin.importResponses, { format: 'jsonl', model: 'second', content: content('second') });
    void second.then(() => {
      answered = true;
    });
    await until(() => comparisons() > 0 || answered);
    // as another process would: this connection takes the write lock between two of the import's chunks, so the
    // import cannot finish until it lets go; the pairs committed so far must be announced meanwhile
    const lock = new Database(app.dbPath);
    lock.exec('BEGIN IMMEDIATE');
    try {
      expect(answered).toBe(false);
      const committed = comparisons();
      expect(committed).toBeLessThan(N);
      await until(() => available() >= committed);
      expect(available()).toBe(committed);
      expect(answered).toBe(false);
    } finally {
      lock.exec('COMMIT');
      lock.close();
    }
    expect((await second).body).toEqual({ rows: N, prompts: 0, responses: N, comparisons: N, duplicates: 0 });
    await until(() => available() >= N);
    expect(available()).toBe(N);
    socket.close();
  });
});
