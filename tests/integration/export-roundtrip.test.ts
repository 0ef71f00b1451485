// Every export imports back losslessly (server/import/labelled-pairs.ts, raw-labels.ts, parquet.ts): a real
// labelling session (answers through the import API, two policy versions' samples through the store, every label
// through the real queue and label API by three annotators at moved clock times), exported in each format,
// imported into a fresh database (API, or the CLI for Parquet), exported again: the same rows. What differs is
// named: stored ids (label_id always, comparison_id may), and what a format cannot carry.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse as parseCsv } from 'csv-parse/sync';
import { parquetReadObjects } from 'hyparquet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API } from '../../shared/api';
import { buildQuery, ROUTES } from '../../shared/contract';
import type { AdminComparison } from '../../shared/schemas/admin';
import type { Choice } from '../../shared/schemas/labels';
import type { AssignmentView, ChatMessage } from '../../shared/schemas/queue';
import type { ImportLabelledPairsResult } from '../../shared/schemas/reward';
import type { ApiClient } from '../helpers/client';
import { addPolicyVersionPairs } from '../helpers/export-session';
import { repoRoot, rowCount, type TestApp, startTestApp, testClock } from '../helpers/app';

const HOUR = 3_600_000;
const MULTI: ChatMessage[] = [
  { role: 'system', content: 'Be brief.' },
  { role: 'user', content: 'Hi' },
  { role: 'assistant', content: 'Hello!' },
  { role: 'user', content: 'What is 2+3?' },
];
const PROMPTS = ['plain 0', 'plain 1', '@x', 'Quote "this", then\na new line, é'];
const ANSWERS: Record<string, string[]> = {
  'model-x': ['x says 0', 'x says 1', '=HYPERLINK("http://evil.example","click")', "'=already quoted", '5'],
  'model-y': ['y says 0', 'y says 1', '+1', 'line1\r\nline2, "q"', '\tTabbed 5'],
};
/** Per comparison (in id order), per annotator: [choice, strength]. */
const PLAN: [Choice, number][][] = [
  [['a', 3], ['a', 2], ['b', 1]],
  [['b', 1], ['b', 2], ['b', 2]],
  [['tie', 0], ['a', 1], ['tie', 0]],
  [['both_bad', 0], ['b', 3], ['a', 1]],
  [['a', 2], ['a', 3], ['a', 0]],
  [['b', 2], ['a', 1], ['b', 3]],
  [['a', 1], ['b', 1], ['b', 0]],
];
const ANNOTATORS = ['ann1', 'ann2', 'ann3'];
const PAIR_FORMATS = ['trl', 'trl-conversational', 'hh', 'openai', 'alpacafarm'] as const;
const MODES = ['each_label', 'majority'] as const;

const jsonl = (text: string) => text.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
/** A raw label without its stored ids (new ones in the database it was imported into). */
const withoutIds = ({ label_id, comparison_id, ...rest }: Record<string, unknown>) => rest;
const run = promisify(execFile);
const cli = (dbPath: string, ...args: string[]) => run(process.execPath, ['scripts/prefloop.mjs', ...args], { cwd: repoRoot, env: { ...process.env, PREFLOOP_DB: dbPath } });

async function exportText(app: TestApp, query: Record<string, unknown>): Promise<string> {
  const response = await app.admin.route(ROUTES.adminExport, { query });
  expect(response.status, response.text).toBe(200);
  return response.text;
}
/** The route's bytes (Parquet is binary). */
async function exportBytes(app: TestApp, query: Record<string, unknown>): Promise<Uint8Array> {
  const response = await fetch(new URL(ROUTES.adminExport.path + buildQuery(query), app.url), { headers: { cookie: app.admin.cookie ?? '' } });
  expect(response.status).toBe(200);
  return new Uint8Array(await response.arrayBuffer());
}
const parquetRows = (bytes: Uint8Array) => parquetReadObjects({ file: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer });

async function importFile(app: TestApp, format: string, content: string) {
  const response = await app.admin.post<ImportLabelledPairsResult>(ROUTES.adminImportLabelledPairs.path, { format, content });
  expect(response.status, response.text).toBe(200);
  return response.body;
}
const TABLES = ['prompts', 'responses', 'comparisons', 'labels', 'users'];
const tableCounts = (app: TestApp) => Object.fromEntries(TABLES.map((t) => [t, rowCount(app, t)]));

describe('export → import → export round trips', () => {
  let app: TestApp;
  let comparisons: AdminComparison[];
  const clock = testClock();
  const fresh: TestApp[] = [];
  async function freshApp() {
    const created = await startTestApp();
    fresh.push(created);
    return created;
  }

  /** Labels every pair the queue hands this annotator, as PLAN says (choice → the screen side it was shown on). */
  async function labelAll(client: ApiClient, annotator: number) {
    for (;;) {
      const next = await client.post<{ assignments: AssignmentView[] }>(API.queueNext, { count: 5 });
      if (next.body.assignments.length === 0) return;
      for (const a of next.body.assignments) {
        const shows = (c: AdminComparison) => c.promptText === a.prompt.text && [c.responseA.text, c.responseB.text].sort().join('\n') === [a.left.text, a.right.text].sort().join('\n');
        const index = comparisons.findIndex(shows);
        const [choice, strength] = PLAN[index][annotator];
        const aOnLeft = a.left.text === comparisons[index].responseA.text;
        const pick = choice === 'a' || choice === 'b' ? ((choice === 'a') === aOnLeft ? 'left' : 'right') : choice;
        const body = { assignmentId: a.assignmentId, pick, strength, timeMs: 1000 * index + 7 * annotator, idempotencyKey: `rt-${a.assignmentId}` };
        expect((await client.post(API.labels, body)).status).toBe(201);
      }
    }
  }

  beforeAll(async () => {
    app = await startTestApp({ clock: clock.now });
    expect((await app.admin.put(API.admin.settings, { overlap: 3, goldRate: 0, leaseSeconds: 600 })).status).toBe(200);
    for (const [model, outputs] of Object.entries(ANSWERS)) {
      const rows = [...PROMPTS.map((prompt, i) => ({ prompt, output: outputs[i] })), { messages: MULTI, output: outputs[4] }];
      expect((await app.admin.post(API.admin.importResponses, { format: 'jsonl', model, content: rows.map((r) => JSON.stringify(r)).join('\n') })).status).toBe(200);
    }
    await addPolicyVersionPairs(app);
    comparisons = (await app.admin.get<{ items: AdminComparison[] }>(`${API.admin.comparisons}?limit=50`)).body.items.sort((a, b) => a.id - b.id);
    expect(comparisons).toHaveLength(PLAN.length);
    for (const [i, name] of ANNOTATORS.entries()) {
      await labelAll(await app.user(name), i);
      clock.advance(HOUR + 1234);
    }
    expect(rowCount(app, 'labels')).toBe(PLAN.length * ANNOTATORS.length);
  });
  afterAll(async () => {
    for (const a of fresh) await a.close();
    await app.close();
  });

  describe('pair formats', () => {
    for (const format of PAIR_FORMATS) {
      it(`${format}: the majority export, imported into a fresh database, exports the same bytes in either mode; again adds nothing`, async () => {
        const first = await exportText(app, { format, mode: 'majority' });
        const rows = jsonl(first).length;
        expect(rows).toBe(5); // comparisons with an a/b majority
        const target = await freshApp();
        expect(await importFile(target, format, first)).toMatchObject({ rows, comparisons: rows, labels: rows, duplicates: 0 });
        for (const mode of MODES) expect(await exportText(target, { format, mode }), mode).toBe(first);

        const counts = tableCounts(target);
        expect(await importFile(target, format, first)).toMatchObject({ rows, prompts: 0, responses: 0, comparisons: 0, labels: 0, duplicates: rows });
        expect(tableCounts(target)).toEqual(counts);
      });
    }

    it('alpacafarm keeps output_1 as response a and reads AlpacaFarm’s own input as part of the prompt', async () => {
      const target = await freshApp();
      const rows = [
        { instruction: 'Add the numbers.', input: '2 and 3', output_1: '5', output_2: '6', preference: 1 },
        { instruction: 'Name a colour.', input: '', output_1: 'blue', output_2: 'chair', preference: 1 },
        { instruction: 'Name a fruit.', output_1: 'table', output_2: 'apple', preference: 2 },
      ];
      await importFile(target, 'alpacafarm', rows.map((r) => JSON.stringify(r)).join('\n'));
      expect(jsonl(await exportText(target, { format: 'alpacafarm' }))).toEqual([
        { instruction: 'Add the numbers.\n\n2 and 3', input: '', output_1: '5', output_2: '6', preference: 1 },
        { instruction: 'Name a colour.', input: '', output_1: 'blue', output_2: 'chair', preference: 1 },
        { instruction: 'Name a fruit.', input: '', output_1: 'table', output_2: 'apple', preference: 2 },
      ]);
    });

    it('trl-parquet: prefloop import labelled-pairs FILE.parquet into a fresh database → the same Parquet bytes', async () => {
      const first = await exportBytes(app, { format: 'trl-parquet', mode: 'majority' });
      const target = await freshApp();
      const file = join(target.dir, 'pairs.parquet');
      writeFileSync(file, first);
      const { stdout } = await cli(target.dbPath, 'import', 'labelled-pairs', file);
      expect(stdout).toMatch(/^Read 5 rows: \d+ new prompts, \d+ new responses, 5 new comparisons, 5 labels by import:trl-parquet, 0 duplicates\.$/m);
      const again = await exportBytes(target, { format: 'trl-parquet' });
      expect(await parquetRows(again)).toEqual(await parquetRows(first));
      expect(Buffer.from(again).equals(Buffer.from(first))).toBe(true);
    }, 60_000);
  });

  describe('raw labels', () => {
    let original: Record<string, unknown>[];
    beforeAll(async () => {
      original = jsonl(await exportText(app, { format: 'labels-jsonl' }));
      expect(original).toHaveLength(PLAN.length * ANNOTATORS.length);
    });

    /** The labels a database exports, checked against the original: the same rows (but ids), in the same comparisons. */
    async function expectSameLabels(target: TestApp) {
      const again = jsonl(await exportText(target, { format: 'labels-jsonl' }));
      expect(again.map(withoutIds)).toEqual(original.map(withoutIds));
      const grouping = new Map(original.map((r, i) => [r.comparison_id, again[i].comparison_id]));
      expect(again.map((r, i) => [grouping.get(original[i].comparison_id), r.comparison_id]).every(([x, y]) => x === y)).toBe(true);
      expect(new Set(grouping.values()).size).toBe(PLAN.length);
      // the labels are the whole truth: every pair format, in either mode, writes what the original writes
      for (const format of PAIR_FORMATS) {
        for (const mode of MODES) expect(await exportText(target, { format, mode }), `${format} ${mode}`).toBe(await exportText(app, { format, mode }));
      }
    }

    it('labels-jsonl: every label with its annotator, choice, strength, shown order, time taken and time made', async () => {
      const target = await freshApp();
      const content = await exportText(app, { format: 'labels-jsonl' });
      expect(await importFile(target, 'labels-jsonl', content)).toEqual({
        rows: 21,
        prompts: PROMPTS.length + 1,
        responses: 2 * (PROMPTS.length + 1) + 2,
        comparisons: PLAN.length,
        labels: 21,
        duplicates: 0,
        source: 'labels-jsonl',
      });
      await expectSameLabels(target);
      // complete, not asked of anyone again
      expect(target.server.db.prepare("SELECT count(*) FROM comparisons WHERE status = 'complete'").pluck().get()).toBe(PLAN.length);
      const annotator = await target.user('ann4');
      expect((await annotator.post<{ assignments: AssignmentView[] }>(API.queueNext, { count: 5 })).body.assignments).toEqual([]);
      // the annotators became accounts that nobody can log in as
      const accounts = target.server.db.prepare("SELECT name, role, disabled FROM users WHERE name LIKE 'ann_' AND name <> 'ann4' ORDER BY name").all();
      expect(accounts).toEqual(ANNOTATORS.map((name) => ({ name, role: 'annotator', disabled: 1 })));
      expect((await target.anonymous.post(API.login, { name: 'ann1', password: 'ann1-password' })).status).toBe(401);

      const counts = tableCounts(target);
      expect(await importFile(target, 'labels-jsonl', content)).toMatchObject({ rows: 21, prompts: 0, responses: 0, comparisons: 0, labels: 0, duplicates: 21 });
      expect(tableCounts(target)).toEqual(counts);
    });

    it('labels-jsonl into the database it came from adds nothing (policy answers and annotators are found, not made)', async () => {
      const counts = tableCounts(app);
      const result = await importFile(app, 'labels-jsonl', await exportText(app, { format: 'labels-jsonl' }));
      expect(result).toMatchObject({ prompts: 0, responses: 0, comparisons: 0, labels: 0, duplicates: 21 });
      expect(tableCounts(app)).toEqual(counts);
    });

    it('labels-csv: the formula cells’ apostrophes come off (only those), the numbers and JSON come back typed', async () => {
      const target = await freshApp();
      const first = await exportText(app, { format: 'labels-csv' });
      expect(first).toContain(",''=already quoted,"); // "'=…" gets one more apostrophe on the way out, and loses it on the way in
      expect(await importFile(target, 'labels-csv', first)).toMatchObject({ rows: 21, comparisons: PLAN.length, labels: 21, duplicates: 0, source: 'labels-csv' });
      await expectSameLabels(target);
      const records = (text: string) => (parseCsv(text, { columns: true }) as Record<string, string>[]).map(withoutIds);
      expect(records(await exportText(target, { format: 'labels-csv' }))).toEqual(records(first));
    });

    it('labels-parquet: prefloop import labelled-pairs FILE.parquet into a fresh database', async () => {
      const target = await freshApp();
      const file = join(target.dir, 'labels.parquet');
      writeFileSync(file, await exportBytes(app, { format: 'labels-parquet' }));
      const { stdout } = await cli(target.dbPath, 'import', 'labelled-pairs', file, '--source', 'backup');
      expect(stdout).toContain('Read 21 rows: 5 new prompts, 12 new responses, 7 new comparisons, 21 labels by import:backup, 0 duplicates.');
      await expectSameLabels(target);
      const first = await parquetRows(await exportBytes(app, { format: 'labels-parquet' }));
      expect((await parquetRows(await exportBytes(target, { format: 'labels-parquet' }))).map(withoutIds)).toEqual(first.map(withoutIds));
    }, 60_000);

    it('turns the choice and shown order when the stored comparison has the two answers the other way round', async () => {
      const target = await freshApp();
      const row = original.find((r) => r.choice === 'a' || r.choice === 'b') as Record<string, unknown>;
      const swapped = { ...row, response_a: row.response_b, model_a: row.model_b, response_b: row.response_a, model_b: row.model_a, annotator: 'other' };
      await importFile(target, 'labels-jsonl', `${JSON.stringify(row)}\n${JSON.stringify(swapped)}`);
      const stored = target.server.db.prepare('SELECT u.name, l.choice, l.shown_order FROM labels l JOIN users u ON u.id = l.user_id ORDER BY l.id').all();
      expect(stored).toEqual([
        { name: row.annotator, choice: row.choice, shown_order: row.shown_order },
        { name: 'other', choice: row.choice === 'a' ? 'b' : 'a', shown_order: row.shown_order === 'ab' ? 'ba' : 'ab' },
      ]);
      expect(rowCount(target, 'comparisons')).toBe(1);
    });

    it('refuses a file with a bad row (400, the rows named) and writes nothing', async () => {
      const target = await freshApp();
      const counts = tableCounts(target);
      const bad = [
        { ...original[0], choice: 'maybe' },
        { ...original[1], strength: 7 },
        { ...original[2], shown_order: 'left' },
        { ...original[3], created_at: 'yesterday' },
        { ...original[4], annotator: '' },
        { ...original[5], response_b: original[5].response_a, model_b: original[5].model_a },
      ];
      const content = [...original.slice(6), ...bad].map((r) => JSON.stringify(r)).join('\n');
      const response = await target.admin.post(ROUTES.adminImportLabelledPairs.path, { format: 'labels-jsonl', content });
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ error: { code: 'invalid_import', details: { rows: bad.map((_, i) => ({ row: original.length - 6 + i + 1, message: expect.any(String) })) } } });
      const refused = [
        ['labels-csv', 'label_id,comparison_id\n1,x\n'],
        ['openai', { input: { messages: [{ role: 'user', content: 'Q' }] }, preferred_output: [{ role: 'user', content: 'A' }], non_preferred_output: [{ role: 'assistant', content: 'B' }] }],
        ['openai', { input: { messages: [{ role: 'assistant', content: 'Q' }] }, preferred_output: [{ role: 'assistant', content: 'A' }], non_preferred_output: [{ role: 'assistant', content: 'B' }] }],
        ['alpacafarm', { instruction: 'Q', input: '', output_1: 'A', output_2: 'B', preference: 1.5 }],
        ['alpacafarm', { instruction: 'Q', input: '', output_1: 'A', output_2: 'A', preference: 1 }],
      ] as const;
      for (const [format, row] of refused) {
        const content = typeof row === 'string' ? row : JSON.stringify(row);
        const response = await target.admin.post(ROUTES.adminImportLabelledPairs.path, { format, content });
        expect(response.status, content).toBe(400);
        expect(response.body).toMatchObject({ error: { code: 'invalid_import', message: expect.stringContaining('not valid') } });
      }
      expect(tableCounts(target)).toEqual(counts);

      const file = join(target.dir, 'bad.parquet');
      writeFileSync(file, 'PAR1 not really');
      const error = (await cli(target.dbPath, 'import', 'labelled-pairs', file).catch((e: unknown) => e)) as { code: number; stderr: string };
      expect(error.code).toBe(1);
      expect(error.stderr).toContain('The Parquet file cannot be read');
      expect(tableCounts(target)).toEqual(counts);
    }, 60_000);
  });
});
