import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { API } from '../../shared/api';
import type { AdminComparison } from '../../shared/schemas/admin';
import type { Page } from '../../shared/schemas/common';
import type { ImportResult } from '../../shared/schemas/imports';
import { counterDrift, repoRoot, rowCount, type TestApp, startTestApp } from '../helpers/app';

const DATA = resolve(repoRoot, '../shared/data');
const SFT = resolve(DATA, 'alpacafarm_outputs_sft.json');
const RLHF = resolve(DATA, 'alpacafarm_outputs_rlhf.json');
const haveAlpacaFarm = existsSync(SFT) && existsSync(RLHF);
if (!haveAlpacaFarm) console.warn(`AlpacaFarm import test skipped: ${DATA} is absent (it ships beside the repo, not in it)`);

describe('import', () => {
  let app: TestApp;
  afterEach(() => app?.close());

  const importResponses = (model: string, content: string, format = 'alpacafarm') =>
    app.admin.post<ImportResult>(API.admin.importResponses, { format, model, content });

  describe.skipIf(!haveAlpacaFarm)('AlpacaFarm SFT vs RLHF outputs (../shared/data)', () => {
    it('imports two models answering the same 252 prompts as 252 comparisons, idempotently', async () => {
      app = await startTestApp();
      const sft = await importResponses('alpacafarm-sft', readFileSync(SFT, 'utf8'));
      expect(sft.status).toBe(200);
      expect(sft.body).toEqual({ rows: 252, prompts: 252, responses: 252, comparisons: 0, duplicates: 0 });
      const rlhf = await importResponses('alpacafarm-rlhf', readFileSync(RLHF, 'utf8'));
      expect(rlhf.body).toEqual({ rows: 252, prompts: 0, responses: 252, comparisons: 252, duplicates: 0 });

      const again = await importResponses('alpacafarm-rlhf', readFileSync(RLHF, 'utf8'));
      expect(again.body).toEqual({ rows: 252, prompts: 0, responses: 0, comparisons: 0, duplicates: 252 });
      expect((await app.admin.post(API.admin.buildComparisons, {})).body).toEqual({ comparisons: 0 });
      expect([rowCount(app, 'prompts'), rowCount(app, 'responses'), rowCount(app, 'comparisons')]).toEqual([252, 504, 252]);
      expect(counterDrift(app.server.db)).toEqual({});

      // prompt text = instruction + "\n\n" + input (when there is an input)
      const rows = JSON.parse(readFileSync(SFT, 'utf8')) as { instruction: string; input: string; output: string }[];
      const withInput = rows.find((r) => r.input.trim() !== '') as (typeof rows)[number];
      const stored = app.server.db.prepare('SELECT text FROM prompts WHERE text = ?').pluck().get(`${withInput.instruction}\n\n${withInput.input}`);
      expect(stored).toBeDefined();
      const page = await app.admin.get<Page<AdminComparison>>(`${API.admin.comparisons}?limit=5`);
      expect(page.body.total).toBe(252);
      for (const c of page.body.items) {
        expect(new Set([c.responseA.model, c.responseB.model])).toEqual(new Set(['alpacafarm-sft', 'alpacafarm-rlhf']));
      }
    });
  });

  it('imports prompts from JSONL, CSV and plain lines, de-duplicated by text', async () => {
    app = await startTestApp();
    const jsonl = [
      JSON.stringify({ text: 'What is 2 + 2?', tags: ['math'] }),
      JSON.stringify({ instruction: 'Translate', input: 'bonjour' }),
      JSON.stringify({ prompt: 'What is 2 + 2?' }),
      JSON.stringify({ messages: [{ role: 'user', content: 'Hi' }, { role: 'assistant', content: 'Hello!' }, { role: 'user', content: 'Tell me a joke' }] }),
    ].join('\n');
    const first = await app.admin.post<ImportResult>(API.admin.importPrompts, { format: 'jsonl', content: jsonl, source: 'test' });
    expect(first.body).toEqual({ rows: 4, prompts: 3, responses: 0, comparisons: 0, duplicates: 1 });
    const csv = 'prompt,tags\n"What is 2 + 2?",math\n"Name a colour, any colour",easy;colours\n';
    expect((await app.admin.post(API.admin.importPrompts, { format: 'csv', content: csv })).body).toMatchObject({ rows: 2, prompts: 1 });
    const lines = 'Translate\n\nbonjour\nA brand new prompt\n\n';
    expect((await app.admin.post(API.admin.importPrompts, { format: 'lines', content: lines })).body).toMatchObject({ rows: 3, prompts: 3 });
    const db = app.server.db;
    expect(db.prepare("SELECT tags FROM prompts WHERE text = 'Name a colour, any colour'").pluck().get()).toBe('["easy","colours"]');
    expect(db.prepare("SELECT count(*) FROM prompts WHERE text = 'Translate\n\nbonjour'").pluck().get()).toBe(1);
    expect(JSON.parse(db.prepare("SELECT messages FROM prompts WHERE text = 'Tell me a joke'").pluck().get() as string)).toHaveLength(3);
  });

  it('shows earlier turns of a conversation as context', async () => {
    app = await startTestApp();
    const messages = [
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello!' },
      { role: 'user', content: 'Tell me a joke' },
    ];
    for (const model of ['a', 'b']) {
      await importResponses(model, JSON.stringify({ messages, output: `joke by ${model}` }), 'jsonl');
    }
    const ann = await app.user('ann');
    const { body } = await ann.post<{ assignments: { prompt: { text: string; context: unknown[] } }[] }>(API.queueNext);
    expect(body.assignments[0].prompt).toMatchObject({ text: 'Tell me a joke', context: messages.slice(0, 2) });
  });

  it('imports responses from CSV and JSONL with the usual column names and builds comparisons between models', async () => {
    app = await startTestApp();
    const csv = 'instruction,input,completion\nSay hi,,hi there\nAdd,1 and 2,3\n';
    expect((await importResponses('m-csv', csv, 'csv')).body).toEqual({ rows: 2, prompts: 2, responses: 2, comparisons: 0, duplicates: 0 });
    const jsonl = [JSON.stringify({ prompt: 'Say hi', response: 'hello' }), JSON.stringify({ prompt: 'Add\n\n1 and 2', output: 'three' })].join('\n');
    expect((await importResponses('m-jsonl', jsonl, 'jsonl')).body).toEqual({ rows: 2, prompts: 0, responses: 2, comparisons: 2, duplicates: 0 });
    const third = JSON.stringify({ prompt: 'Say hi', output: 'yo' });
    const noBuild = await app.admin.post<ImportResult>(API.admin.importResponses, { format: 'jsonl', model: 'm3', content: third, buildComparisons: false });
    expect(noBuild.body.comparisons).toBe(0);
    // only m3 vs m-csv, as eval pairs with a priority
    const built = await app.admin.post(API.admin.buildComparisons, { modelA: 'm3', modelB: 'm-csv', kind: 'eval', priority: 7 });
    expect(built.body).toEqual({ comparisons: 1 });
    expect((await app.admin.post(API.admin.buildComparisons, {})).body).toEqual({ comparisons: 1 }); // m3 vs m-jsonl
    const evalRows = app.server.db.prepare("SELECT priority FROM comparisons WHERE kind = 'eval'").pluck().all();
    expect(evalRows).toEqual([7]);
  });
});
