import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API } from '../../shared/api';
import type { AssignmentView } from '../../shared/schemas/queue';
import { type TestApp, startTestApp } from '../helpers/app';
import type { ApiClient } from '../helpers/client';
import { importPairs, labelFor } from '../helpers/data';
import { connectSocket, nextEvent, request, type TestSocket } from '../helpers/socket';

const TABLES = ['users', 'sessions', 'api_tokens', 'settings', 'prompts', 'responses', 'comparisons', 'assignments', 'labels'];
const IMPORT_ROUTES: string[] = [API.admin.importPrompts, API.admin.importResponses];

/** Every route that takes a body, with a body of the right shape but wrong types. */
const BODY_ROUTES: { method: string; path: string; wrongTypes: unknown }[] = [
  { method: 'POST', path: API.login, wrongTypes: { name: 42, password: ['x'] } },
  { method: 'POST', path: API.queueSkip, wrongTypes: { assignmentId: 'one' } },
  { method: 'POST', path: API.labels, wrongTypes: { assignmentId: 1, pick: 'up', strength: 9, timeMs: -1, idempotencyKey: 3 } },
  { method: 'PUT', path: API.guidelines, wrongTypes: { markdown: { nested: true } } },
  { method: 'POST', path: API.admin.users, wrongTypes: { name: 'x y z!', password: 'short', role: 'god' } },
  { method: 'PATCH', path: API.admin.user.replace(':id', '1'), wrongTypes: { disabled: 'yes' } },
  { method: 'POST', path: API.admin.tokens, wrongTypes: { label: 12 } },
  { method: 'PUT', path: API.admin.settings, wrongTypes: { overlap: 0, goldRate: 2, leaseSeconds: 'long' } },
  { method: 'POST', path: API.admin.importPrompts, wrongTypes: { format: 'xml', content: '' } },
  { method: 'POST', path: API.admin.importResponses, wrongTypes: { format: 'jsonl', content: 'x' } },
  { method: 'POST', path: API.admin.buildComparisons, wrongTypes: { kind: 'gold', priority: 1e9 } },
  { method: 'POST', path: API.admin.gold, wrongTypes: { comparisonId: -1, answer: 'c' } },
];

describe('bad input never causes a 500 or a write', () => {
  let app: TestApp;
  let annotator: ApiClient;
  let counts: Record<string, number>;
  const snapshot = () => Object.fromEntries(TABLES.map((t) => [t, app.server.db.prepare(`SELECT count(*) FROM ${t}`).pluck().get() as number]));

  beforeAll(async () => {
    app = await startTestApp();
    annotator = await app.user('ann');
    await importPairs(app.admin, 3);
    counts = snapshot();
  });
  afterAll(() => app.close());

  const expectError = (response: { status: number; body: unknown }, status: number, code?: string) => {
    expect(response.status).toBe(status);
    expect(response.body).toMatchObject({ error: { code: code ?? expect.any(String), message: expect.any(String) } });
  };

  it('answers malformed JSON with 400 bad_json on every body route', async () => {
    for (const { method, path } of BODY_ROUTES) {
      for (const raw of ['{bad', '{"a":', '"just a string"', 'null', '\u0000']) {
        const response = await app.admin.request(method, path, undefined, raw);
        expect(response.status, `${method} ${path} ${JSON.stringify(raw)}`).toBe(400);
        expect(response.body).toMatchObject({ error: { code: 'bad_json' } });
      }
    }
  });

  it('answers wrong types, arrays and missing bodies with 400 invalid_request and details', async () => {
    for (const { method, path, wrongTypes } of BODY_ROUTES) {
      for (const body of [wrongTypes, [1, 2, 3]]) {
        const response = await app.admin.request(method, path, body);
        expectError(response, 400, 'invalid_request');
        expect(Array.isArray((response.body as { error: { details: unknown } }).error.details), `${method} ${path}`).toBe(true);
      }
      // not JSON at all: the parser skips it and validation refuses the empty body
      if (path === API.admin.buildComparisons || path === API.admin.tokens) continue; // every field has a default
      expectError(await app.admin.request(method, path, undefined, 'name=x', { 'content-type': 'text/plain' }), 400, 'invalid_request');
    }
  });

  it('answers oversize bodies with 413 (64 KB, or 25 MB on imports)', async () => {
    for (const { method, path } of BODY_ROUTES) {
      const size = IMPORT_ROUTES.includes(path) ? 26 * 1024 * 1024 : 70 * 1024;
      const response = await app.admin.request(method, path, { padding: 'x'.repeat(size) });
      expectError(response, 413, 'payload_too_large');
    }
    // an import body under 25 MB is parsed (and then validated)
    const big = await app.admin.post(API.admin.importPrompts, { format: 'lines', content: 'x'.repeat(21_000_000) });
    expectError(big, 400, 'invalid_request');
  });

  it('answers unknown ids with 404 and bad ids or queries with 400', async () => {
    expectError(await annotator.post(API.labels, labelFor(999_999)), 404, 'not_found');
    expectError(await annotator.post(API.queueSkip, { assignmentId: 999_999 }), 404, 'not_found');
    expectError(await app.admin.patch(API.admin.user.replace(':id', '999999'), { disabled: true }), 404, 'not_found');
    expectError(await app.admin.patch(API.admin.user.replace(':id', 'abc'), { disabled: true }), 400, 'invalid_request');
    expectError(await app.admin.post(API.admin.gold, { comparisonId: 999_999, answer: 'a' }), 404, 'not_found');
    expectError(await app.admin.patch(API.admin.user.replace(':id', '1'), {}), 400, 'invalid_request');
    for (const query of ['count=abc', 'count=0', 'count=99', 'count=1&count=2']) {
      expectError(await annotator.get(`${API.queueNext}?${query}`), 400, 'invalid_request');
    }
    for (const path of [API.admin.users, API.admin.comparisons, API.admin.labels]) {
      expectError(await app.admin.get(`${path}?limit=-1`), 400, 'invalid_request');
      expectError(await app.admin.get(`${path}?offset=x`), 400, 'invalid_request');
    }
    expectError(await app.admin.get(`${API.admin.comparisons}?status=weird`), 400, 'invalid_request');
    expectError(await annotator.get('/api/no/such/route'), 404, 'not_found');
    expectError(await annotator.request('DELETE', API.labels), 404, 'not_found');
  });

  it('rejects an import with a bad row whole, writing nothing', async () => {
    const content = [JSON.stringify({ prompt: 'fine', output: 'ok' }), '{not json', JSON.stringify({ output: 'no prompt' })].join('\n');
    expectError(await app.admin.post(API.admin.importResponses, { format: 'jsonl', model: 'm', content }), 400, 'invalid_import');
    const rows = [JSON.stringify({ prompt: 'fine', output: 'ok' }), JSON.stringify({ output: 'no prompt' })].join('\n');
    const response = await app.admin.post(API.admin.importResponses, { format: 'jsonl', model: 'm', content: rows });
    expectError(response, 400, 'invalid_import');
    expect(JSON.stringify(response.body)).toContain('"row":2');
    expectError(await app.admin.post(API.admin.importResponses, { format: 'alpacafarm', model: 'm', content: '{"a":1}' }), 400, 'invalid_import');
    expectError(await app.admin.post(API.admin.importPrompts, { format: 'csv', content: 'a,b\n"unclosed' }), 400, 'invalid_import');
  });

  it('left every table as it was', () => {
    expect(snapshot()).toEqual(counts);
  });

  describe('socket payloads', () => {
    let socket: TestSocket;
    beforeAll(async () => {
      socket = await connectSocket(annotator);
    });
    afterAll(() => socket.close());

    it('answers bad payloads with an error ack', async () => {
      const bad: [string, unknown][] = [
        ['label:submit', {}],
        ['label:submit', { assignmentId: 'x', pick: 'left', timeMs: 1, idempotencyKey: 'abcdefgh' }],
        ['label:submit', 'a string'],
        ['label:submit', [1, 2]],
        ['label:submit', null],
        ['label:submit', 12],
        ['label:submit', labelFor(999_999)],
        ['queue:next', { count: 'many' }],
        ['queue:next', { count: 50 }],
        ['queue:next', 'x'],
        ['queue:skip', {}],
        ['queue:skip', { assignmentId: 999_999 }],
        ['queue:skip', true],
      ];
      for (const [event, payload] of bad) {
        const reply = await request<{ error: { code: string; message: string } }>(socket, event, payload);
        expect(reply.error.code, `${event} ${JSON.stringify(payload)}`).toMatch(/invalid_request|not_found/);
        expect(reply.error.message).toEqual(expect.any(String));
      }
    });

    it('emits error:payload when there is no ack, and keeps serving', async () => {
      const errors: unknown[] = [];
      socket.on('error:payload', (e) => errors.push(e));
      const first = nextEvent<{ error: { code: string } }>(socket, 'error:payload');
      (socket.emit as (...args: unknown[]) => void)('label:submit', { nonsense: true });
      expect((await first).error.code).toBe('invalid_request');
      (socket.emit as (...args: unknown[]) => void)('queue:skip');
      (socket.emit as (...args: unknown[]) => void)('queue:next', 1, 2, 3);
      (socket.emit as (...args: unknown[]) => void)('no:such:event', { x: 1 });
      // still answers, with a payload or with the ack alone
      const withAck = await request<{ assignments: AssignmentView[] }>(socket, 'queue:next', { count: 2 });
      expect(withAck.assignments).toHaveLength(2);
      const ackOnly = await (socket.timeout(5000) as unknown as { emitWithAck(e: string): Promise<{ assignments: unknown[] }> }).emitWithAck('queue:next');
      expect(ackOnly.assignments.length).toBeGreaterThan(0);
      expect(errors.length).toBeGreaterThanOrEqual(2);
      expect((await app.admin.get(API.health)).status).toBe(200);
    });
  });
});
