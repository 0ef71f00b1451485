import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API } from '../../shared/api';
import type { PublicUser } from '../../shared/schemas/auth';
import { allowedOrigins, originAllowed } from '../../server/http/origin';
import { rowCount, type TestApp, startTestApp } from '../helpers/app';
import type { ApiClient } from '../helpers/client';
import { importPairs, labelFor } from '../helpers/data';

const LISTED = 'https://annotate.example.org';
const FOREIGN = 'https://evil.example';

/** Opens a socket with a cookie and an Origin header; resolves 'connected' or the connect_error's message. */
function handshake(url: string, headers: Record<string, string>): Promise<string> {
  const socket = io(url, { transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: headers });
  return new Promise((resolve) => {
    socket.once('connect', () => {
      socket.close();
      resolve('connected');
    });
    socket.once('connect_error', (err) => {
      socket.close();
      resolve(err.message);
    });
  });
}

describe('Origin checks (CSRF and cross-site WebSocket hijacking)', () => {
  let app: TestApp;
  let ann: ApiClient & { user: PublicUser };
  let sameOrigin: string;

  beforeAll(async () => {
    process.env.PREFLOOP_ALLOWED_ORIGINS = `${LISTED}, https://other.example.org/`;
    app = await startTestApp();
    delete process.env.PREFLOOP_ALLOWED_ORIGINS;
    sameOrigin = new URL(app.url).origin;
    ann = await app.user('ann');
    await importPairs(app.admin, 10);
  });
  afterAll(() => app?.close());

  const next = (headers: Record<string, string>, client: ApiClient = ann) => client.request('POST', API.queueNext, { count: 1 }, undefined, headers);

  it('refuses a cookie-authenticated state change from a foreign Origin with 403 forbidden_origin, and changes nothing', async () => {
    const leases = rowCount(app, 'assignments');
    for (const origin of [FOREIGN, 'null', `${sameOrigin}.evil.example`, 'http://127.0.0.1:1']) {
      const refused = await next({ origin });
      expect(refused.status, origin).toBe(403);
      expect(refused.body).toMatchObject({ error: { code: 'forbidden_origin' } });
    }
    expect(rowCount(app, 'assignments')).toBe(leases);
    // every state-changing method, also on admin routes and logout
    expect((await app.admin.request('PUT', API.admin.settings, { overlap: 2, goldRate: 0, leaseSeconds: 600 }, undefined, { origin: FOREIGN })).status).toBe(403);
    expect((await ann.request('POST', API.logout, {}, undefined, { origin: FOREIGN })).status).toBe(403);
    expect((await ann.get(API.me)).status).toBe(200); // the session survived
  });

  it('accepts the same origin as Host, a listed origin, and reads (GET) from anywhere', async () => {
    expect((await next({ origin: sameOrigin })).status).toBe(200);
    expect((await next({ origin: LISTED })).status).toBe(200);
    expect((await next({ origin: 'https://other.example.org' })).status).toBe(200);
    expect((await ann.request('GET', API.myProgress, undefined, undefined, { origin: FOREIGN })).status).toBe(200);
  });

  it('without Origin: a cookie needs Sec-Fetch-Site same-origin/none (or none sent: not a browser); a bearer token is not affected', async () => {
    expect((await next({})).status).toBe(200);
    expect((await next({ 'sec-fetch-site': 'same-origin' })).status).toBe(200);
    expect((await next({ 'sec-fetch-site': 'none' })).status).toBe(200);
    for (const site of ['cross-site', 'same-site']) {
      expect((await next({ 'sec-fetch-site': site })).body).toMatchObject({ error: { code: 'forbidden_origin' } });
    }
    const { token } = (await app.admin.post<{ token: string }>(API.admin.tokens, { label: 'script' })).body;
    const script = app.anonymous.withBearer(token);
    const [a] = (await script.post<{ assignments: { assignmentId: number }[] }>(API.queueNext, { count: 1 })).body.assignments;
    expect((await script.post(API.labels, labelFor(a.assignmentId))).status).toBe(201);
  });

  it('refuses a socket handshake from a foreign Origin, even with a valid session cookie', async () => {
    const cookie = ann.cookie as string;
    expect(await handshake(app.url, { cookie, origin: FOREIGN })).not.toBe('connected');
    expect(await handshake(app.url, { cookie, origin: sameOrigin })).toBe('connected');
    expect(await handshake(app.url, { cookie, origin: LISTED })).toBe('connected');
    expect(await handshake(app.url, { cookie })).toBe('connected'); // not a browser
  });
});

describe('originAllowed', () => {
  const allowed = new Set([LISTED]);
  const cookie = 'prefloop_session=abc';

  it('compares Origin with Host (port included) and the list', () => {
    expect(originAllowed({ origin: 'http://app.local:3000', host: 'app.local:3000', cookie }, allowed)).toBe(true);
    expect(originAllowed({ origin: 'http://app.local:3001', host: 'app.local:3000', cookie }, allowed)).toBe(false);
    expect(originAllowed({ origin: LISTED, host: 'app.local:3000' }, allowed)).toBe(true);
    expect(originAllowed({ origin: 'not a url', host: 'app.local:3000' }, allowed)).toBe(false);
    expect(originAllowed({ origin: FOREIGN }, allowed)).toBe(false); // no Host: nothing is "same"
  });

  it('reads PREFLOOP_ALLOWED_ORIGINS (normalised) and allows the Vite dev origin outside production only', () => {
    expect([...allowedOrigins({ PREFLOOP_ALLOWED_ORIGINS: 'https://a.example/ ,https://b.example:8443', NODE_ENV: 'production' })]).toEqual([
      'https://a.example',
      'https://b.example:8443',
    ]);
    expect(allowedOrigins({ NODE_ENV: 'development' }).has('http://localhost:5173')).toBe(true);
    expect(allowedOrigins({ NODE_ENV: 'production' }).size).toBe(0);
    expect(() => allowedOrigins({ PREFLOOP_ALLOWED_ORIGINS: 'not-an-origin' })).toThrow('PREFLOOP_ALLOWED_ORIGINS');
  });
});
