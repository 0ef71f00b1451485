// Exports (server/export): a real server on a SQLite file, prompts and answers through the import API, policy
// samples through the store (no API writes them), comparisons through the build API, and every label through
// the real queue and label API by three annotators, at moved clock times.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API } from '../../shared/api';
import { ROUTES } from '../../shared/contract';
import type { AdminComparison } from '../../shared/schemas/admin';
import type { Choice } from '../../shared/schemas/labels';
import type { AssignmentView, ChatMessage } from '../../shared/schemas/queue';
import { repoRoot, type TestApp, startTestApp, testClock } from '../helpers/app';
import type { ApiClient } from '../helpers/client';
import { addPolicyVersionPairs } from '../helpers/export-session';
import { type ExportLabel, exportReader } from '../../server/export/rows';
import { createStore } from '../../server/store';

const HOUR = 3_600_000;
const T0 = Date.parse('2030-01-01T00:00:00.000Z');
const MULTI: ChatMessage[] = [
  { role: 'system', content: 'Be brief.' },
  { role: 'user', content: 'Hi' },
  { role: 'assistant', content: 'Hello!' },
  { role: 'user', content: 'What is 2+3?' },
];
/** MULTI as HH writes it (HH has no system role: a Human turn) */
const MULTI_HH = '\n\nHuman: Be brief.\n\nHuman: Hi\n\nAssistant: Hello!\n\nHuman: What is 2+3?';

/** Per comparison (in id order), per annotator (ann1, ann2, ann3): [choice, strength]. */
const PLAN: [Choice, number][][] = [
  [['a', 3], ['a', 2], ['b', 1]], // plain 0: a by 2/3
  [['b', 1], ['b', 2], ['b', 2]], // plain 1 x-y: b, unanimous
  [['tie', 0], ['a', 1], ['tie', 0]], // @x: majority tie → no pair
  [['both_bad', 0], ['b', 3], ['a', 1]], // plain 3: no majority (1/3)
  [['a', 2], ['a', 3], ['a', 0]], // multi-turn: a, unanimous
  [['b', 2], ['a', 1], ['b', 3]], // plain 1 v1-v2 (eval): b by 2/3
  [['a', 1], ['b', 1], ['b', 0]], // plain 1 v2-x: b by 2/3
];
const ANNOTATORS = ['ann1', 'ann2', 'ann3'];
const PAIR_FORMATS = ['trl', 'trl-conversational', 'hh', 'openai', 'alpacafarm'] as const;

const jsonl = (text: string) => text.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l));

interface Expected {
  comparison: AdminComparison;
  turns: ChatMessage[];
  choice: 'a' | 'b';
  strength: number;
}

describe('exports', () => {
  let app: TestApp;
  let comparisons: AdminComparison[];
  const clock = testClock(T0);
  const shownOrder = new Map<string, 'ab' | 'ba'>(); // `${comparisonId}:${annotator}` → what the queue showed
  const dir = mkdtempSync(join(tmpdir(), 'prefloop-export-'));

  const exportOf = (a: TestApp, query: Record<string, unknown>) => a.admin.route(ROUTES.adminExport, { query });
  async function exportText(query: Record<string, unknown>, from = app): Promise<string> {
    const response = await exportOf(from, query);
    expect(response.status, response.text).toBe(200);
    return response.text;
  }
  const turnsOf = (c: AdminComparison): ChatMessage[] => (c.promptText === 'What is 2+3?' ? MULTI : [{ role: 'user', content: c.promptText }]);
  const textOf = (c: AdminComparison, side: 'a' | 'b') => (side === 'a' ? c.responseA.text : c.responseB.text);

  /** every a/b label as a pair, in (comparison, label) order */
  function eachLabel(keep: (index: number, annotator: number) => boolean = () => true): Expected[] {
    return PLAN.flatMap((labels, i) =>
      labels.flatMap(([choice, strength], j) =>
        (choice === 'a' || choice === 'b') && keep(i, j) ? [{ comparison: comparisons[i], turns: turnsOf(comparisons[i]), choice, strength }] : [],
      ),
    );
  }
  /** one pair per comparison whose labels are more than half a (or b); strength = the majority's rounded mean */
  function byMajority(): Expected[] {
    return PLAN.flatMap((labels, i) =>
      (['a', 'b'] as const).flatMap((side) => {
        const votes = labels.filter(([c]) => c === side);
        if (2 * votes.length <= labels.length) return [];
        const strength = Math.round(votes.reduce((s, [, st]) => s + st, 0) / votes.length);
        return [{ comparison: comparisons[i], turns: turnsOf(comparisons[i]), choice: side, strength }];
      }),
    );
  }
  const chosen = (e: Expected) => textOf(e.comparison, e.choice);
  const rejected = (e: Expected) => textOf(e.comparison, e.choice === 'a' ? 'b' : 'a');
  const hhPrompt = (e: Expected) => (e.turns === MULTI ? MULTI_HH : `\n\nHuman: ${e.comparison.promptText}`);

  /** What each pair format must contain for a pair, written from the formats' specs. */
  const FORMAT_ROWS: Record<(typeof PAIR_FORMATS)[number], (e: Expected) => unknown> = {
    trl: (e) => ({ prompt: e.turns === MULTI ? MULTI_HH : e.comparison.promptText, chosen: chosen(e), rejected: rejected(e), margin: e.strength / 3 }),
    'trl-conversational': (e) => ({
      chosen: [...e.turns, { role: 'assistant', content: chosen(e) }],
      rejected: [...e.turns, { role: 'assistant', content: rejected(e) }],
    }),
    hh: (e) => ({ chosen: `${hhPrompt(e)}\n\nAssistant: ${chosen(e)}`, rejected: `${hhPrompt(e)}\n\nAssistant: ${rejected(e)}` }),
    openai: (e) => ({
      input: { messages: e.turns },
      preferred_output: [{ role: 'assistant', content: chosen(e) }],
      non_preferred_output: [{ role: 'assistant', content: rejected(e) }],
    }),
    alpacafarm: (e) => ({
      instruction: e.turns.at(-1)?.content,
      input: e.turns === MULTI ? '\n\nHuman: Be brief.\n\nHuman: Hi\n\nAssistant: Hello!' : '',
      output_1: e.comparison.responseA.text,
      output_2: e.comparison.responseB.text,
      preference: e.choice === 'a' ? 1 : 2,
    }),
  };

  /** Labels every pair the queue hands this annotator, as PLAN says (choice → the screen side it was shown on). */
  async function labelAll(client: ApiClient, annotator: number) {
    for (;;) {
      const next = await client.post<{ assignments: AssignmentView[] }>(API.queueNext, { count: 5 });
      if (next.body.assignments.length === 0) return;
      for (const a of next.body.assignments) {
        // blind: the annotator sees texts only; the admin list tells which pair has them
        const shows = (c: AdminComparison) => c.promptText === a.prompt.text && [c.responseA.text, c.responseB.text].sort().join('\n') === [a.left.text, a.right.text].sort().join('\n');
        const index = comparisons.findIndex(shows);
        expect(comparisons.filter(shows)).toHaveLength(1);
        const [choice, strength] = PLAN[index][annotator];
        const aOnLeft = a.left.text === comparisons[index].responseA.text;
        shownOrder.set(`${comparisons[index].id}:${ANNOTATORS[annotator]}`, aOnLeft ? 'ab' : 'ba');
        const pick = choice === 'a' || choice === 'b' ? ((choice === 'a') === aOnLeft ? 'left' : 'right') : choice;
        const body = { assignmentId: a.assignmentId, pick, strength, timeMs: 1000 * index + annotator, idempotencyKey: `export-${a.assignmentId}` };
        expect((await client.post(API.labels, body)).status).toBe(201);
      }
    }
  }

  beforeAll(async () => {
    app = await startTestApp({ clock: clock.now });
    expect((await app.admin.put(API.admin.settings, { overlap: 3, goldRate: 0, leaseSeconds: 600 })).status).toBe(200);
    const answers: Record<string, string[]> = {
      'model-x': ['x says 0', 'x says 1', '=HYPERLINK("http://evil.example","click")', '-1', '5'],
      'model-y': ['y says 0', 'y says 1', '+1', '\tTabbed', '5, surely'],
    };
    for (const [model, outputs] of Object.entries(answers)) {
      const rows = ['plain 0', 'plain 1', '@x', 'plain 3'].map((prompt, i) => ({ prompt, output: outputs[i] }));
      const content = [...rows, { messages: MULTI, output: outputs[4] }].map((r) => JSON.stringify(r)).join('\n');
      expect((await app.admin.post(API.admin.importResponses, { format: 'jsonl', model, content })).status).toBe(200);
    }
    await addPolicyVersionPairs(app);
    const page = await app.admin.get<{ items: AdminComparison[] }>(`${API.admin.comparisons}?limit=50`);
    comparisons = page.body.items.sort((a, b) => a.id - b.id);
    expect(comparisons).toHaveLength(PLAN.length);

    for (const [i, name] of ANNOTATORS.entries()) {
      await labelAll(await app.user(name), i);
      clock.advance(HOUR); // ann1 labels at T0, ann2 at T0 + 1 h, ann3 at T0 + 2 h
    }
    expect(app.server.db.prepare('SELECT count(*) FROM labels').pluck().get()).toBe(PLAN.length * ANNOTATORS.length);
  });
  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes every pair format exactly as the labels say, each label its own pair (un-swapped, margins, every turn)', async () => {
    for (const format of PAIR_FORMATS) {
      const response = await exportOf(app, { format });
      expect(response.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
      expect(response.headers.get('content-disposition')).toBe(`attachment; filename="prefloop-${format}-2030-01-01.jsonl"`);
      expect(jsonl(response.text), format).toEqual(eachLabel().map(FORMAT_ROWS[format]));
    }
  });

  it('writes one pair per comparison by majority (ties, both-bad and split comparisons give none)', async () => {
    const expected = byMajority();
    expect(expected.map((e) => comparisons.indexOf(e.comparison))).toEqual([0, 1, 4, 5, 6]);
    for (const format of PAIR_FORMATS) {
      expect(jsonl(await exportText({ format, mode: 'majority' })), format).toEqual(expected.map(FORMAT_ROWS[format]));
    }
  });

  it('writes raw labels, one per label, ties and both-bad kept, with who, when, how strong and the shown order', async () => {
    const rows = jsonl(await exportText({ format: 'labels-jsonl' }));
    const expected = PLAN.flatMap((labels, i) =>
      labels.map(([choice, strength], j) => {
        const c = comparisons[i];
        return {
          label_id: expect.any(Number),
          comparison_id: c.id,
          kind: c.kind,
          prompt: c.promptText,
          prompt_messages: turnsOf(c) === MULTI ? MULTI : null,
          response_a: c.responseA.text,
          model_a: c.responseA.model,
          response_b: c.responseB.text,
          model_b: c.responseB.model,
          annotator: ANNOTATORS[j],
          choice,
          strength,
          shown_order: shownOrder.get(`${c.id}:${ANNOTATORS[j]}`),
          time_ms: 1000 * i + j,
          created_at: new Date(T0 + j * HOUR).toISOString(),
        };
      }),
    );
    expect(rows).toEqual(expected);
    expect(new Set(rows.map((r) => r.shown_order))).toEqual(new Set(['ab', 'ba'])); // both orders occurred, so un-swapping was exercised
    expect(rows.filter((r) => r.model_a === 'policy:v1' || r.model_b === 'policy:v1')).toHaveLength(3);
  });

  it('writes raw labels as RFC 4180 CSV with formula cells neutralised', async () => {
    const response = await exportOf(app, { format: 'labels-csv' });
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="prefloop-labels-csv-2030-01-01.csv"');
    expect(response.text.endsWith('\r\n')).toBe(true);
    const records = parseCsv(response.text, { columns: true }) as Record<string, string>[];
    const rows = jsonl(await exportText({ format: 'labels-jsonl' })) as Record<string, unknown>[];
    expect(records).toHaveLength(rows.length);
    const cell = (v: unknown) => {
      if (v === null) return '';
      const text = typeof v === 'string' ? v : typeof v === 'number' ? String(v) : JSON.stringify(v);
      return typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${text}` : text;
    };
    records.forEach((record, i) => {
      expect(record).toEqual(Object.fromEntries(Object.entries(rows[i]).map(([k, v]) => [k, cell(v)])));
    });
    const cells = new Set(records.flatMap((r) => Object.values(r)));
    for (const dangerous of ['=HYPERLINK("http://evil.example","click")', '+1', '-1', '@x', '\tTabbed']) {
      expect(cells.has(`'${dangerous}`), dangerous).toBe(true);
      expect(cells.has(dangerous), dangerous).toBe(false);
    }
  });

  it('filters by policy version, kind, label time and agreement', async () => {
    const ids = async (query: Record<string, unknown>) => jsonl(await exportText({ format: 'labels-jsonl', ...query })).map((r) => `${r.comparison_id}:${r.annotator}`);
    const labelsOf = (keep: (c: AdminComparison, index: number) => boolean, annotators = ANNOTATORS) =>
      comparisons.flatMap((c, i) => (keep(c, i) ? annotators.map((a) => `${c.id}:${a}`) : []));
    const fromVersion = (v: number) => (c: AdminComparison) => [c.responseA.model, c.responseB.model].includes(`policy:v${v}`);

    expect(await ids({ policyVersion: 1 })).toEqual(labelsOf(fromVersion(1)));
    expect(await ids({ policyVersion: 2 })).toEqual(labelsOf(fromVersion(2)));
    expect(labelsOf(fromVersion(2))).toHaveLength(6);
    expect(await ids({ kind: 'eval' })).toEqual(labelsOf((c) => c.kind === 'eval'));
    expect(await ids({ kind: 'train' })).toEqual(labelsOf((c) => c.kind === 'train'));
    expect(await ids({ kind: 'gold' })).toEqual([]);

    expect(await ids({ since: '2030-01-01T00:30:00Z', until: '2030-01-01T01:30:00Z' })).toEqual(labelsOf(() => true, ['ann2']));
    expect(await ids({ until: '2030-01-01T01:00:00.000Z' })).toEqual(labelsOf(() => true, ['ann1'])); // until is exclusive
    expect(await ids({ since: '2030-01-01T02:00:00+00:00' })).toEqual(labelsOf(() => true, ['ann3']));
    expect(await exportText({ format: 'labels-jsonl', since: '2030-01-02' })).toBe('');

    const agreement = (i: number) => Math.max(...['a', 'b', 'tie', 'both_bad'].map((c) => PLAN[i].filter(([x]) => x === c).length)) / PLAN[i].length;
    for (const min of [0.5, 0.7, 1]) {
      expect(await ids({ minAgreement: min }), `minAgreement ${min}`).toEqual(labelsOf((_, i) => agreement(i) >= min));
    }
    expect(labelsOf((_, i) => agreement(i) >= 1)).toHaveLength(6);

    // filters compose, and apply to pair formats too
    const trl = jsonl(await exportText({ format: 'trl', policyVersion: 2, minAgreement: 0.6, mode: 'majority' }));
    expect(trl).toEqual(byMajority().filter((e) => fromVersion(2)(e.comparison)).map(FORMAT_ROWS.trl));
    const ann2 = jsonl(await exportText({ format: 'trl', since: '2030-01-01T01:00:00Z', until: '2030-01-01T02:00:00Z' }));
    expect(ann2).toEqual(eachLabel((_, j) => j === 1).map(FORMAT_ROWS.trl));
  });

  it('reads the same comparisons, whole, whatever the page size', () => {
    const read = (pageSize: number, minAgreement?: number) => {
      const reader = exportReader(createStore(app.server.db), { minAgreement }, pageSize);
      const groups: number[][] = [];
      let pages = 0;
      for (let more = true; more; pages++) more = reader.readPage((labels: ExportLabel[]) => groups.push(labels.map((l) => l.labelId)));
      return { groups, pages };
    };
    const whole = read(500);
    expect(whole.groups).toHaveLength(PLAN.length);
    expect(whole.groups.every((g) => g.length === ANNOTATORS.length)).toBe(true);
    for (const size of [1, 2, 3, 7]) {
      const paged = read(size);
      expect(paged.groups, `page size ${size}`).toEqual(whole.groups);
      expect(paged.pages).toBe(Math.floor(PLAN.length / size) + 1);
    }
    expect(read(2, 0.7).groups).toEqual(read(500, 0.7).groups);
  });

  it('lets only admins export, and answers a bad format or filter with 400 before any byte', async () => {
    const annotator = await app.user('ann4');
    expect((await annotator.route(ROUTES.adminExport, { query: { format: 'trl' } })).status).toBe(403);
    expect((await app.anonymous.route(ROUTES.adminExport, { query: { format: 'trl' } })).status).toBe(401);
    const bad = [
      { format: 'parquet' },
      { format: 'trl', mode: 'unanimous' },
      { format: 'trl', minAgreement: 1.5 },
      { format: 'trl', minAgreement: 'most' },
      { format: 'trl', kind: 'weird' },
      { format: 'trl', policyVersion: 'v1' },
      { format: 'trl', since: 'yesterday' },
      { format: 'trl', since: '2030-01-02', until: '2030-01-01' },
      { format: 'trl', policy_version: 1 }, // a misspelt filter is refused, not ignored
    ];
    for (const query of bad) {
      const response = await exportOf(app, query);
      expect(response.status, JSON.stringify(query)).toBe(400);
      expect(response.body).toMatchObject({ error: { code: 'invalid_request', message: expect.any(String), details: expect.any(Array) } });
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect(response.headers.get('content-disposition')).toBeNull();
    }
    const unknown = await exportOf(app, { format: 'trl', policyVersion: 99 });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ error: { code: 'not_found' } });
    expect(unknown.headers.get('content-disposition')).toBeNull();
  });

  describe('round trip through the labelled-pairs import', () => {
    for (const format of ['trl', 'trl-conversational', 'hh'] as const) {
      it(`${format}: export, import into a fresh database, export again → the same bytes`, async () => {
        const first = await exportText({ format, mode: 'majority' });
        expect(jsonl(first)).toHaveLength(byMajority().length);
        const fresh = await startTestApp();
        try {
          const imported = await fresh.admin.post(ROUTES.adminImportLabelledPairs.path, { format, content: first });
          expect(imported.status, imported.text).toBe(200);
          expect(imported.body).toMatchObject({ rows: byMajority().length, comparisons: byMajority().length, duplicates: 0 });
          expect(await exportText({ format, mode: 'majority' }, fresh)).toBe(first);
          expect(await exportText({ format }, fresh)).toBe(first); // one label per imported pair: each_label is the same
        } finally {
          await fresh.close();
        }
      });
    }
  });

  describe('prefloop export (CLI, on the database file)', () => {
    const cli = (...args: string[]) =>
      promisify(execFile)(process.execPath, ['scripts/prefloop.mjs', 'export', ...args], { cwd: repoRoot, env: { ...process.env, PREFLOOP_DB: app.dbPath } });

    it('writes the same bytes as the route and says how many rows it wrote and skipped', async () => {
      const file = join(dir, 'hh.jsonl');
      const { stdout } = await cli(file, '--format', 'hh');
      expect(readFileSync(file, 'utf8')).toBe(await exportText({ format: 'hh' }));
      const written = eachLabel().length;
      expect(stdout).toContain(`Wrote ${written} rows`);
      expect(stdout).toContain(`skipped ${PLAN.length * ANNOTATORS.length - written} (ties and both-bad)`);

      const csv = join(dir, 'labels.csv');
      const filtered = await cli(csv, '--format', 'labels-csv', '--policy-version', '2', '--min-agreement', '0.6', '--since', '2030-01-01');
      expect(readFileSync(csv, 'utf8')).toBe(await exportText({ format: 'labels-csv', policyVersion: 2, minAgreement: 0.6, since: '2030-01-01' }));
      expect(filtered.stdout).toContain('Wrote 6 rows');
      const majority = await cli(join(dir, 'm.jsonl'), '--format', 'trl', '--mode', 'majority');
      expect(majority.stdout).toContain(`Wrote ${byMajority().length} rows`);
      expect(majority.stdout).toContain('skipped 2 (comparisons without an a/b majority)');
    }, 60_000);

    it('answers bad input with a one-line error', async () => {
      for (const args of [['--format', 'parquet'], ['--format', 'trl', '--min-agreement', '2'], ['--format', 'trl', '--bogus'], []]) {
        const error = (await cli(join(dir, 'x.jsonl'), ...args).catch((e: unknown) => e)) as { code: number; stderr: string };
        expect(error.code, args.join(' ')).toBe(1);
        expect(error.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      }
    }, 60_000);
  });
});
