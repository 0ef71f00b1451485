import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { API } from '../../shared/api';
import { ROUTES } from '../../shared/contract';
import type { ChatMessage } from '../../shared/schemas/queue';
import type { ImportLabelledPairsResult } from '../../shared/schemas/reward';
import { renderHhTranscript } from '../../server/import/labelled-pairs-formats';
import { counterDrift, repoRoot, rowCount, type TestApp, startTestApp } from '../helpers/app';

const HH = resolve(repoRoot, '../shared/data/hh_rlhf_harmless_base_dev.jsonl');
const haveHh = existsSync(HH);
if (!haveHh) console.warn(`HH import test skipped: ${HH} is absent (it ships beside the repo, not in it)`);

const IMPORT = ROUTES.adminImportLabelledPairs.path;
const TABLES = ['prompts', 'responses', 'comparisons', 'labels', 'users'];

interface StoredRow {
  text: string;
  messages: string | null;
  a: string;
  b: string;
  choice: 'a' | 'b';
  status: string;
  overlap_target: number;
  name: string;
  disabled: number;
  model_a: string;
  model_b: string;
}

/** Every imported pair as it is stored: the prompt's turns, and the chosen / rejected answer by the label. */
function storedPairs(app: TestApp) {
  const rows = app.server.db
    .prepare(
      `SELECT p.text, p.messages, ra.text AS a, rb.text AS b, l.choice, c.status, c.overlap_target, u.name, u.disabled,
              ra.model_name AS model_a, rb.model_name AS model_b
       FROM labels l JOIN comparisons c ON c.id = l.comparison_id JOIN prompts p ON p.id = c.prompt_id
       JOIN responses ra ON ra.id = c.response_a JOIN responses rb ON rb.id = c.response_b JOIN users u ON u.id = l.user_id
       ORDER BY l.id`,
    )
    .all() as StoredRow[];
  return rows.map((r) => {
    const turns: ChatMessage[] = r.messages ? JSON.parse(r.messages) : [{ role: 'user', content: r.text }];
    const [chosen, rejected] = r.choice === 'a' ? [r.a, r.b] : [r.b, r.a];
    return { ...r, turns, chosen, rejected };
  });
}

describe('labelled-pair imports', () => {
  let app: TestApp;
  afterEach(() => app?.close());
  const post = (body: unknown) => app.admin.post<ImportLabelledPairsResult>(IMPORT, body);

  describe.skipIf(!haveHh)('Anthropic HH harmless-base dev file (../shared/data)', () => {
    it('reproduces every prompt turn and both answers exactly, multi-turn kept; re-import adds nothing', async () => {
      app = await startTestApp();
      const before = rowCount(app, 'comparisons');
      const content = readFileSync(HH, 'utf8');
      const lines = content.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as { chosen: string; rejected: string });
      const response = await post({ format: 'hh', content });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ rows: lines.length, comparisons: lines.length, labels: lines.length, duplicates: 0, source: 'hh' });

      const stored = storedPairs(app).filter((p) => p.name === 'import:hh');
      expect(stored).toHaveLength(lines.length);
      const fromDb = stored.map((p) => `${renderHhTranscript([...p.turns, { role: 'assistant', content: p.chosen }])}\u0000${renderHhTranscript([...p.turns, { role: 'assistant', content: p.rejected }])}`);
      const fromFile = lines.map((l) => `${l.chosen}\u0000${l.rejected}`);
      expect(fromDb.sort()).toEqual(fromFile.sort());
      expect(stored.some((p) => p.turns.length >= 5)).toBe(true); // multi-turn conversations kept as messages
      // a label of the source's disabled system user; complete, so not handed to annotators
      expect(stored.every((p) => p.disabled === 1 && p.status === 'complete' && p.model_a === 'hh' && p.model_b === 'hh')).toBe(true);
      const chosenIsA = stored.filter((p) => p.choice === 'a').length / stored.length;
      expect(chosenIsA).toBeGreaterThan(0.4);
      expect(chosenIsA).toBeLessThan(0.6);
      expect(rowCount(app, 'comparisons') - before).toBe(lines.length);

      const annotator = await app.user('alice');
      expect((await annotator.post<{ assignments: unknown[] }>(API.queueNext, { count: 5 })).body.assignments).toEqual([]);
      expect((await app.anonymous.post(API.login, { name: 'import:hh', password: 'anything' })).status).toBeGreaterThanOrEqual(400);

      const counts = TABLES.map((t) => rowCount(app, t));
      const again = await post({ format: 'hh', content });
      expect(again.body).toMatchObject({ rows: lines.length, prompts: 0, responses: 0, comparisons: 0, labels: 0, duplicates: lines.length });
      expect(TABLES.map((t) => rowCount(app, t))).toEqual(counts);
      expect(counterDrift(app.server.db)).toEqual({});
    });
  });

  it('imports TRL explicit (margin → strength) and TRL conversational, explicit and implicit prompts', async () => {
    app = await startTestApp();
    const trl = [
      JSON.stringify({ prompt: 'Capital of France?', chosen: 'Paris.', rejected: 'Lyon.', margin: 1 }),
      JSON.stringify({ prompt: 'Two plus two?', chosen: '4', rejected: '5' }),
    ].join('\n');
    expect((await post({ format: 'trl', content: trl, source: 'my-trl' })).body).toMatchObject({ rows: 2, prompts: 2, comparisons: 2, labels: 2 });
    const conv = [
      JSON.stringify({ prompt: [{ role: 'user', content: 'Say hi' }], chosen: [{ role: 'assistant', content: 'Hi!' }], rejected: [{ role: 'assistant', content: 'No.' }] }),
      JSON.stringify({
        chosen: [{ role: 'user', content: 'Hello' }, { role: 'assistant', content: 'Hey' }, { role: 'user', content: 'Joke?' }, { role: 'assistant', content: 'Knock knock.' }],
        rejected: [{ role: 'user', content: 'Hello' }, { role: 'assistant', content: 'Hey' }, { role: 'user', content: 'Joke?' }, { role: 'assistant', content: 'No jokes.' }],
      }),
    ].join('\n');
    expect((await post({ format: 'trl-conversational', content: conv })).body).toMatchObject({ rows: 2, comparisons: 2, source: 'trl-conversational' });

    const pairs = storedPairs(app);
    const paris = pairs.find((p) => p.text === 'Capital of France?');
    expect(paris).toMatchObject({ chosen: 'Paris.', rejected: 'Lyon.', name: 'import:my-trl', model_a: 'my-trl' });
    const strengths = app.server.db.prepare('SELECT strength FROM labels ORDER BY id').pluck().all();
    expect(strengths.slice(0, 2)).toEqual([3, 0]); // margin 1 → strength 3; none → 0 (no margin in the rank loss)
    const joke = pairs.find((p) => p.text === 'Joke?');
    expect(joke?.turns).toEqual([
      { role: 'user', content: 'Hello' },
      { role: 'assistant', content: 'Hey' },
      { role: 'user', content: 'Joke?' },
    ]);
    expect(joke).toMatchObject({ chosen: 'Knock knock.', rejected: 'No jokes.' });
    expect(pairs.find((p) => p.text === 'Say hi')?.messages).toBeNull(); // one turn: a plain prompt
  });

  it('can leave imported pairs open for annotators (queue: true)', async () => {
    app = await startTestApp();
    await post({ format: 'trl', content: JSON.stringify({ prompt: 'Queue me', chosen: 'yes', rejected: 'no' }), queue: true });
    const annotator = await app.user('bob');
    const next = await annotator.post<{ assignments: { prompt: { text: string } }[] }>(API.queueNext, { count: 5 });
    expect(next.body.assignments.map((a) => a.prompt.text)).toContain('Queue me');
  });

  it('bad input → 400 with the bad rows listed, and nothing written', async () => {
    app = await startTestApp();
    const counts = TABLES.map((t) => rowCount(app, t));
    const good = JSON.stringify({ prompt: 'ok', chosen: 'a', rejected: 'b' });
    const cases: [unknown, string][] = [
      [{ format: 'trl', content: `${good}\n{"prompt": "x", "chosen": "same", "rejected": "same"}` }, 'invalid_import'],
      [{ format: 'trl', content: `${good}\nnot json` }, 'invalid_import'],
      [{ format: 'hh', content: JSON.stringify({ chosen: 'no transcript', rejected: '\n\nHuman: hi\n\nAssistant: yo' }) }, 'invalid_import'],
      [{ format: 'hh', content: JSON.stringify({ chosen: '\n\nHuman: a\n\nAssistant: x', rejected: '\n\nHuman: b\n\nAssistant: y' }) }, 'invalid_import'],
      [{ format: 'trl-conversational', content: JSON.stringify({ chosen: [{ role: 'user', content: 'q' }], rejected: [{ role: 'user', content: 'q' }] }) }, 'invalid_import'],
      [{ format: 'parquet', content: good }, 'invalid_request'],
      [{ format: 'trl', content: good, source: 'bad source!' }, 'invalid_request'],
    ];
    for (const [body, code] of cases) {
      const response = await post(body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect((response.body as unknown as { error: { code: string } }).error.code).toBe(code);
    }
    const first = await post(cases[0][0]);
    expect((first.body as unknown as { error: { details: { rows: { row: number }[] } } }).error.details.rows).toEqual([
      { row: 2, message: expect.stringContaining('same answer') },
    ]);
    expect(TABLES.map((t) => rowCount(app, t))).toEqual(counts);
  });

  it('annotators get 403', async () => {
    app = await startTestApp();
    const annotator = await app.user('carol');
    const response = await annotator.post(IMPORT, { format: 'trl', content: JSON.stringify({ prompt: 'p', chosen: 'a', rejected: 'b' }) });
    expect(response.status).toBe(403);
    expect(rowCount(app, 'labels')).toBe(0);
  });
});

describe('prefloop import labelled-pairs (CLI)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'prefloop-cli-pairs-'));
  const env = { ...process.env, PREFLOOP_DB: join(dir, 'cli.db') };
  const cli = (...args: string[]) => promisify(execFile)(process.execPath, ['scripts/prefloop.mjs', ...args], { cwd: repoRoot, env });

  it('imports a file straight into the database; a bad file changes nothing', async () => {
    const file = join(dir, 'pairs.jsonl');
    writeFileSync(file, `${JSON.stringify({ chosen: '\n\nHuman: hi\n\nAssistant: hello', rejected: '\n\nHuman: hi\n\nAssistant: go away' })}\n`);
    const out = await cli('import', 'labelled-pairs', file, '--format', 'hh', '--source', 'hh-dev');
    expect(out.stdout).toContain('1 new comparisons, 1 labels by import:hh-dev');
    writeFileSync(join(dir, 'bad.jsonl'), '{"chosen": "x"}\n');
    await expect(cli('import', 'labelled-pairs', join(dir, 'bad.jsonl'), '--format', 'hh')).rejects.toMatchObject({ stderr: expect.stringContaining('not valid') });
    await expect(cli('import', 'labelled-pairs', file)).rejects.toMatchObject({ stderr: expect.stringContaining('format') });
    const db = new Database(join(dir, 'cli.db'), { readonly: true });
    expect(db.prepare('SELECT count(*) FROM labels').pluck().get()).toBe(1);
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }, 240_000); // three CLI processes (tsx start-up each)
});
