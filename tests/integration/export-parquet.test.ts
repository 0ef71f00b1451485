// Parquet exports (server/export/parquet.ts): the file read back with hyparquet (another library than the
// writer's encoder) has the labels-jsonl / trl fields, typed; it is written a row group at a time; TRL pairs
// survive a round trip through the labelled-pairs import.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API } from '../../shared/api';
import { buildQuery, ROUTES } from '../../shared/contract';
import type { AssignmentView } from '../../shared/schemas/queue';
import { parquetEncoder } from '../../server/export/parquet';
import { labelsParquet } from '../../server/export/labels-parquet';
import { exportReader, type ExportLabel } from '../../server/export/rows';
import { createStore } from '../../server/store';
import { repoRoot, type TestApp, startTestApp } from '../helpers/app';
import { importPairs } from '../helpers/data';

const jsonl = (text: string) => text.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l));
const PICKS = ['left', 'right', 'tie', 'both_bad', 'left', 'right'] as const;

/** The export route's raw bytes (the test client reads text; Parquet is binary). */
async function exportBytes(app: TestApp, query: Record<string, unknown>): Promise<{ bytes: ArrayBuffer; contentType: string | null }> {
  const response = await fetch(new URL(ROUTES.adminExport.path + buildQuery(query), app.url), { headers: { cookie: app.admin.cookie ?? '' } });
  expect(response.status).toBe(200);
  return { bytes: await response.arrayBuffer(), contentType: response.headers.get('content-type') };
}
const readRows = (bytes: ArrayBuffer) => parquetReadObjects({ file: bytes }) as Promise<Record<string, unknown>[]>;
/** column name → [physical type, converted type, repetition] from the file's own schema */
const columnTypes = (bytes: ArrayBuffer) =>
  Object.fromEntries(parquetMetadata(bytes).schema.slice(1).map((s) => [s.name, [s.type, s.converted_type ?? null, s.repetition_type]]));

describe('Parquet exports', () => {
  let app: TestApp;
  const dir = mkdtempSync(join(tmpdir(), 'prefloop-parquet-'));

  beforeAll(async () => {
    app = await startTestApp();
    expect((await app.admin.put(API.admin.settings, { overlap: 2, goldRate: 0, leaseSeconds: 600 })).status).toBe(200);
    await importPairs(app.admin, 5);
    const messages = [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello!' },
      { role: 'user', content: 'What is 2+3?' },
    ];
    for (const [model, output] of [['model-x', '5'], ['model-y', '=5']]) {
      const content = JSON.stringify({ messages, output });
      expect((await app.admin.post(API.admin.importResponses, { format: 'jsonl', model, content })).status).toBe(200);
    }
    for (const [n, name] of ['ann1', 'ann2'].entries()) {
      const client = await app.user(name);
      for (let i = n; ; ) {
        const next = await client.post<{ assignments: AssignmentView[] }>(API.queueNext, { count: 5 });
        if (next.body.assignments.length === 0) break;
        for (const a of next.body.assignments) {
          // Side picks follow the content (the shown order is random per assignment): both annotators prefer the
          // alphabetically first answer, so comparisons they both call decisively have a majority to export.
          const cycled = PICKS[i++ % PICKS.length];
          const first = a.left.text <= a.right.text ? 'left' : 'right';
          const pick = cycled === 'left' || cycled === 'right' ? first : cycled;
          const body = { assignmentId: a.assignmentId, pick, strength: i % 4, timeMs: 100 * i, idempotencyKey: `pq-${a.assignmentId}` };
          expect((await client.post(API.labels, body)).status).toBe(201);
        }
      }
    }
    expect(app.server.db.prepare('SELECT count(*) FROM labels').pluck().get()).toBe(12);
  });
  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('labels-parquet: every labels-jsonl field as a typed column, the same values', async () => {
    const { bytes, contentType } = await exportBytes(app, { format: 'labels-parquet' });
    expect(contentType).toBe('application/vnd.apache.parquet');
    expect(new TextDecoder().decode(bytes.slice(0, 4))).toBe('PAR1');
    const expected = jsonl((await app.admin.route(ROUTES.adminExport, { query: { format: 'labels-jsonl' } })).text);
    expect(expected).toHaveLength(12);
    expect(columnTypes(bytes)).toEqual({
      label_id: ['INT32', null, 'REQUIRED'],
      comparison_id: ['INT32', null, 'REQUIRED'],
      kind: ['BYTE_ARRAY', 'UTF8', 'REQUIRED'],
      prompt: ['BYTE_ARRAY', 'UTF8', 'REQUIRED'],
      prompt_messages: ['BYTE_ARRAY', 'JSON', 'OPTIONAL'],
      response_a: ['BYTE_ARRAY', 'UTF8', 'REQUIRED'],
      model_a: ['BYTE_ARRAY', 'UTF8', 'REQUIRED'],
      response_b: ['BYTE_ARRAY', 'UTF8', 'REQUIRED'],
      model_b: ['BYTE_ARRAY', 'UTF8', 'REQUIRED'],
      annotator: ['BYTE_ARRAY', 'UTF8', 'REQUIRED'],
      choice: ['BYTE_ARRAY', 'UTF8', 'REQUIRED'],
      strength: ['INT32', null, 'REQUIRED'],
      shown_order: ['BYTE_ARRAY', 'UTF8', 'REQUIRED'],
      time_ms: ['INT32', null, 'REQUIRED'],
      created_at: ['INT64', 'TIMESTAMP_MILLIS', 'REQUIRED'],
    });
    const rows = await readRows(bytes);
    expect(Object.keys(rows[0])).toEqual(Object.keys(expected[0])); // column order = labels-jsonl's
    expect(rows.map((r) => ({ ...r, created_at: (r.created_at as Date).toISOString() }))).toEqual(expected);
    expect(rows.some((r) => r.prompt_messages !== null)).toBe(true); // the multi-turn prompt's turns, as JSON
    // Which side a decisive pick lands on depends on the comparison's random A/B order, so only the kinds are fixed.
    const choices = new Set(rows.map((r) => r.choice));
    expect([...choices].every((c) => ['a', 'b', 'tie', 'both_bad'].includes(c as string))).toBe(true);
    expect(['tie', 'both_bad'].every((c) => choices.has(c))).toBe(true);
    expect(choices.has('a') || choices.has('b')).toBe(true);
  });

  it('trl-parquet: the trl rows (prompt, chosen, rejected, margin), filters applied', async () => {
    for (const query of [{}, { mode: 'majority' }, { minAgreement: 1 }]) {
      const { bytes } = await exportBytes(app, { format: 'trl-parquet', ...query });
      expect(columnTypes(bytes)).toEqual({
        prompt: ['BYTE_ARRAY', 'UTF8', 'REQUIRED'],
        chosen: ['BYTE_ARRAY', 'UTF8', 'REQUIRED'],
        rejected: ['BYTE_ARRAY', 'UTF8', 'REQUIRED'],
        margin: ['DOUBLE', null, 'REQUIRED'],
      });
      const expected = jsonl((await app.admin.route(ROUTES.adminExport, { query: { format: 'trl', ...query } })).text);
      expect(await readRows(bytes), JSON.stringify(query)).toEqual(expected);
    }
  });

  it('writes a valid file with no rows when the filter selects none', async () => {
    const { bytes } = await exportBytes(app, { format: 'labels-parquet', since: '2100-01-01' });
    expect(parquetMetadata(bytes).num_rows).toBe(0n);
    expect(await readRows(bytes)).toEqual([]);
  });

  it('hands each row group over as soon as it is full (memory holds one group)', async () => {
    const encoder = parquetEncoder(labelsParquet, 5);
    const reader = exportReader(createStore(app.server.db), {});
    const labels: ExportLabel[] = [];
    while (reader.readPage((group) => labels.push(...group)));
    const chunks: Uint8Array[] = [];
    for (const label of labels) {
      encoder.add(label);
      chunks.push(encoder.take() as Uint8Array);
    }
    // the "PAR1" header with the first row, then a whole group's bytes after rows 5 and 10, nothing in between
    expect(chunks.map((c, i) => (c.length > 0 ? i + 1 : 0)).filter((n) => n > 0)).toEqual([1, 5, 10]);
    expect(chunks[0].length).toBe(4);
    chunks.push(encoder.end() as Uint8Array);
    const file = Buffer.concat(chunks);
    const bytes = file.buffer.slice(file.byteOffset, file.byteOffset + file.length);
    expect(parquetMetadata(bytes).row_groups.map((g) => g.num_rows)).toEqual([5n, 5n, 2n]);
    const rows = await readRows(bytes);
    expect(rows.map((r) => r.label_id)).toEqual(labels.map((l) => l.labelId));
  });

  it('round-trips TRL pairs: parquet → labelled-pairs import into a fresh database → the same parquet rows', async () => {
    const first = await readRows((await exportBytes(app, { format: 'trl-parquet', mode: 'majority' })).bytes);
    expect(first.length).toBeGreaterThan(0);
    const fresh = await startTestApp();
    try {
      const content = first.map((r) => JSON.stringify(r)).join('\n');
      const imported = await fresh.admin.post(ROUTES.adminImportLabelledPairs.path, { format: 'trl', content });
      expect(imported.status, imported.text).toBe(200);
      expect(await readRows((await exportBytes(fresh, { format: 'trl-parquet' })).bytes)).toEqual(first);
    } finally {
      await fresh.close();
    }
  });

  it('prefloop export writes the same bytes as the route', async () => {
    const file = join(dir, 'labels.parquet');
    const { stdout } = await promisify(execFile)(process.execPath, ['scripts/prefloop.mjs', 'export', file, '--format', 'labels-parquet'], {
      cwd: repoRoot,
      env: { ...process.env, PREFLOOP_DB: app.dbPath },
    });
    expect(stdout).toContain('Wrote 12 rows');
    expect(Buffer.from(readFileSync(file)).equals(Buffer.from((await exportBytes(app, { format: 'labels-parquet' })).bytes))).toBe(true);
  }, 60_000);
});
