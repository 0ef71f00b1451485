import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API } from '../../shared/api';
import { ROUTE_LIST } from '../../shared/contract';
import type { ApiClient } from '../helpers/client';
import { type TestApp, startTestApp } from '../helpers/app';

const TWENTY_MB = 20 * 1024 * 1024;

/**
 * Announces a 20 MB JSON body, sends only its first bytes (and those not even valid JSON), and waits for the
 * answer. A server that parsed the body before checking the caller could only answer once all 20 MB arrived
 * (then with a JSON parse error): it would never answer here.
 */
function startUpload(url: string, path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; body: { error: { code: string } }; connection: string | undefined }>((resolve, reject) => {
    const req = request(new URL(path, url), {
      method: 'POST',
      agent: false,
      headers: { 'content-type': 'application/json', 'content-length': String(TWENTY_MB), ...headers },
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString()), connection: res.headers.connection });
        req.destroy();
      });
    });
    req.on('error', reject);
    req.write(`{"format": "lines", "content": "${'x'.repeat(64 * 1024)} <- the rest never comes, and this is not JSON`);
  });
}

describe('body size before identity', () => {
  let app: TestApp;
  let annotator: ApiClient;
  const largeRoutes = ROUTE_LIST.filter((r) => r.bodyLimit !== undefined);

  beforeAll(async () => {
    app = await startTestApp();
    annotator = await app.user('ann');
  });
  afterAll(() => app.close());

  it('refuses an anonymous large upload (401) before reading its body, and closes the connection', async () => {
    expect(largeRoutes.length).toBeGreaterThan(0);
    for (const route of largeRoutes) {
      const answer = await startUpload(app.url, route.path);
      expect(answer.status, route.path).toBe(401);
      expect(answer.body.error.code, route.path).toBe('unauthorized');
      expect(answer.connection, route.path).toBe('close');
    }
  });

  it('refuses an annotator the same way (403)', async () => {
    for (const route of largeRoutes.filter((r) => r.auth === 'admin')) {
      const answer = await startUpload(app.url, route.path, { cookie: annotator.cookie as string });
      expect(answer.status, route.path).toBe(403);
      expect(answer.body.error.code, route.path).toBe('forbidden');
    }
  });

  it('still reads an admin upload above 64 KB on an import route, and keeps 64 KB elsewhere', async () => {
    const lines = Array.from({ length: 2000 }, (_, i) => `prompt number ${i} ${'y'.repeat(60)}`).join('\n'); // ~150 KB
    const imported = await app.admin.post<{ rows: number }>(API.admin.importPrompts, { format: 'lines', content: lines });
    expect(imported.status).toBe(200);
    expect(imported.body.rows).toBe(2000);
    const elsewhere = await app.admin.put(API.admin.settings, { padding: 'x'.repeat(70 * 1024) });
    expect(elsewhere.status).toBe(413);
    expect(elsewhere.body).toMatchObject({ error: { code: 'payload_too_large' } });
  });
});
