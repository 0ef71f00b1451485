// Imports and comparison builds run in chunks (server/import/chunks.ts): while a large one is in flight, the
// server answers health checks and acknowledges labels. The server runs in this process, so this test's own
// code gets a turn only between chunks too: "the import has written its first chunk" is seen while it runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API } from '../../shared/api';
import { ROUTES } from '../../shared/contract';
import type { ImportResult } from '../../shared/schemas/imports';
import type { AssignmentView } from '../../shared/schemas/queue';
import type { ImportLabelledPairsResult } from '../../shared/schemas/reward';
import { counterDrift, rowCount, startTestApp, type TestApp } from '../helpers/app';
import type { ApiClient, ApiResponse } from '../helpers/client';
import { importPairs, labelFor } from '../helpers/data';
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
