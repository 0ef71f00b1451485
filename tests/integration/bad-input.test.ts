import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { API } from '../../shared/api';
import { buildPath, CLIENT_EVENT_SPECS, ROUTE_LIST, type Route } from '../../shared/contract';
import type { AssignmentView } from '../../shared/schemas/queue';
import { type TestApp, startTestApp } from '../helpers/app';
import { type ApiClient, placeholderParams } from '../helpers/client';
import { importPairs, labelFor } from '../helpers/data';
import { connectSocket, nextEvent, request, type TestSocket } from '../helpers/socket';

const TABLES = ['users', 'sessions', 'api_tokens', 'settings', 'prompts', 'responses', 'comparisons', 'assignments', 'labels'];

/** Every contract route that takes a body, at a concrete path. */
const BODY_ROUTES = ROUTE_LIST.filter((r): r is Route & { body: z.ZodType } => r.body !== undefined).map((route) => ({
  route,
  method: route.method,
  path: buildPath(route.path, placeholderParams(route)),
}));

/** A body of the right shape with every field of a wrong type (an object where a string, number, enum, list … belongs). */
function wrongTypes(schema: z.ZodType): unknown {
  if (!(schema instanceof z.ZodObject)) return 'not an object';
  return Object.fromEntries(Object.keys(schema.shape).map((key) => [key, { wrong: true }]));
}

/** express.json's limit ('64kb', '25mb') in bytes. */
function bytes(limit: string): number {
  const [, n, unit] = /^(\d+)(kb|mb)$/.exec(limit) ?? [];
  return Number(n) * (unit === 'mb' ? 1024 * 1024 : 1024);
}

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

  const expectError = (response: { status: number; body: unknown }, status: number, code?: string, where?: string) => {
    expect(response.status, where).toBe(status);
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
    expect(BODY_ROUTES.length).toBeGreaterThan(10);
    for (const { route, method, path } of BODY_ROUTES) {
      for (const body of [wrongTypes(route.body), [1, 2, 3]]) {
        const response = await app.admin.request(method, path, body);
        expectError(response, 400, 'invalid_request', `${method} ${path} ${JSON.stringify(body)}`);
        expect(Array.isArray((response.body as { error: { details: unknown } }).error.details), `${method} ${path}`).toBe(true);
      }
      // not JSON at all: the parser skips it and validation refuses the missing body
      const notJson = await app.admin.request(method, path, undefined, 'name=x', { 'content-type': 'text/plain' });
      expectError(notJson, 400, 'invalid_request', `${method} ${path} text/plain`);
    }
  });

  it('answers oversize bodies with 413 (64 KB, or 25 MB on imports)', async () => {
    for (const { route, method, path } of BODY_ROUTES) {
      const size = bytes(route.bodyLimit ?? '64kb') + 4096;
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
    for (const count of ['abc', 0, 99, [1, 2], 1.5]) {
      expectError(await annotator.post(API.queueNext, { count }), 400, 'invalid_request');
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

    it('answers payloads of the wrong type with invalid_request on every client event of the contract', async () => {
      for (const { name, payload } of Object.values(CLIENT_EVENT_SPECS)) {
        for (const bad of [wrongTypes(payload), 'a string', [1, 2], 12, true]) {
          const reply = await request<{ error: { code: string; details: unknown } }>(socket, name, bad);
          expect(reply.error?.code, `${name} ${JSON.stringify(bad)}`).toBe('invalid_request');
          expect(Array.isArray(reply.error.details)).toBe(true);
        }
      }
    });

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
