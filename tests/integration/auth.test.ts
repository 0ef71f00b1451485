import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API } from '../../shared/api';
import { ADMIN_PREFIX, METHODS, ROUTE_LIST } from '../../shared/contract';
import type { PublicUser } from '../../shared/schemas/auth';
import { sha256 } from '../../server/auth/secrets';
import { type ApiClient, placeholderParams } from '../helpers/client';
import { type TestApp, startTestApp } from '../helpers/app';
import { connectSocket } from '../helpers/socket';

const ADMIN_ROUTES = ROUTE_LIST.filter((r) => r.auth === 'admin');
const LOGIN_ROUTES = ROUTE_LIST.filter((r) => r.auth !== 'public');

describe('auth and roles', () => {
  let app: TestApp;
  let annotator: ApiClient & { user: PublicUser };
  const seen: string[] = []; // every response text, checked for password hashes at the end

  beforeAll(async () => {
    app = await startTestApp();
    annotator = await app.user('ann', 'annotator');
  });
  afterAll(() => app.close());

  const record = <T extends { text: string }>(r: T) => {
    seen.push(r.text);
    return r;
  };

  it('refuses every admin route of the contract to an annotator (403) and to nobody (401)', async () => {
    expect(ADMIN_ROUTES.length).toBeGreaterThan(10);
    for (const route of ADMIN_ROUTES) {
      const where = `${route.method} ${route.path} (${route.name})`;
      const asAnnotator = record(await annotator.route(route, { params: placeholderParams(route) }));
      expect(asAnnotator.status, where).toBe(403);
      expect(asAnnotator.body, where).toMatchObject({ error: { code: 'forbidden' } });
      expect((await app.anonymous.route(route, { params: placeholderParams(route) })).status, where).toBe(401);
    }
  });

  it('refuses any method on any path under /api/admin, even unknown ones', async () => {
    const paths = [...new Set(ROUTE_LIST.filter((r) => r.path.startsWith(ADMIN_PREFIX)).map((r) => r.path.replace(/:\w+/g, '1')))];
    for (const path of [...paths, `${ADMIN_PREFIX}/not-a-route`]) {
      for (const method of METHODS) {
        const body = method === 'GET' ? undefined : {};
        expect(record(await annotator.request(method, path, body)).status, `${method} ${path}`).toBe(403);
        expect((await app.anonymous.request(method, path, body)).status, `${method} ${path}`).toBe(401);
      }
    }
  });

  it('lets the admin into every admin GET route of the contract', async () => {
    for (const route of ADMIN_ROUTES.filter((r) => r.method === 'GET' && !r.path.includes(':'))) {
      expect(record(await app.admin.route(route)).status, route.name).toBe(200);
    }
  });

  it('requires a login for every non-public route of the contract, and not for public ones', async () => {
    for (const route of LOGIN_ROUTES) {
      const response = await app.anonymous.route(route, { params: placeholderParams(route) });
      expect(response.status, `${route.method} ${route.path}`).toBe(401);
      expect(response.body).toMatchObject({ error: { code: 'unauthorized' } });
    }
    for (const route of ROUTE_LIST.filter((r) => r.auth === 'public')) {
      expect((await app.anonymous.route(route, { params: placeholderParams(route) })).status, route.name).not.toBe(401);
    }
    const me = record(await annotator.get<{ user: PublicUser }>(API.me));
    expect(me.body.user).toMatchObject({ name: 'ann', role: 'annotator', disabled: false });
  });

  it('sets an HttpOnly SameSite=Lax session cookie and logout ends the session', async () => {
    const response = record(await app.anonymous.post(API.login, { name: 'ann', password: 'ann-password' }));
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^prefloop_session=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    const client = await app.anonymous.login('ann', 'ann-password');
    expect((await client.get(API.me)).status).toBe(200);
    expect((await client.post(API.logout)).status).toBe(200);
    expect((await client.get(API.me)).status).toBe(401);
  });

  it('accepts bearer tokens created by an admin, stored only hashed', async () => {
    const created = record(await app.admin.post<{ token: string; id: number }>(API.admin.tokens, { label: 'ci' }));
    expect(created.status).toBe(201);
    const scripted = app.anonymous.withBearer(created.body.token);
    expect((await scripted.get<{ user: PublicUser }>(API.me)).body.user.name).toBe('admin');
    const stored = app.server.db.prepare('SELECT token_hash FROM api_tokens WHERE id = ?').pluck().get(created.body.id);
    expect(stored).not.toContain(created.body.token);
    expect((await app.anonymous.withBearer('pf_wrong').get(API.me)).status).toBe(401);
  });

  it('disabling a user ends their session, token and socket and blocks login', async () => {
    const victim = await app.user('victim');
    app.server.ctx.store.tokens.create(sha256('pf_victim-token'), victim.user.id, 'test');
    const scripted = app.anonymous.withBearer('pf_victim-token');
    expect((await scripted.get(API.me)).status).toBe(200);
    const socket = await connectSocket(victim);
    const dropped = new Promise((resolve) => socket.once('disconnect', resolve));

    const patched = record(await app.admin.patch(API.admin.user.replace(':id', String(victim.user.id)), { disabled: true }));
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ user: { disabled: true } });
    await dropped;
    expect((await victim.get(API.me)).status).toBe(401);
    expect((await scripted.get(API.me)).status).toBe(401);
    const login = await app.anonymous.post(API.login, { name: 'victim', password: 'victim-password' });
    expect(login.status).toBe(403);
    expect(login.body).toMatchObject({ error: { code: 'account_disabled' } });
    await expect(connectSocket(victim)).rejects.toThrow(/unauthorized/);

    await app.admin.patch(API.admin.user.replace(':id', String(victim.user.id)), { disabled: false });
    expect((await app.anonymous.login('victim', 'victim-password')).cookie).toBeTruthy();
  });

  it('keeps the last enabled admin', async () => {
    const me = await app.admin.get<{ user: PublicUser }>(API.me);
    const response = await app.admin.patch(API.admin.user.replace(':id', String(me.body.user.id)), { role: 'annotator' });
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ error: { code: 'last_admin' } });
  });

  it('rejects duplicate user names with 409', async () => {
    const response = await app.admin.post(API.admin.users, { name: 'ANN', password: 'another-password' });
    expect(response.status).toBe(409);
  });

  it('rate-limits failed logins per name and address (429 after 10 failures)', async () => {
    await app.user('target');
    for (let i = 0; i < 10; i++) {
      const r = await app.anonymous.post(API.login, { name: 'target', password: 'wrong-password' });
      expect(r.status).toBe(401);
    }
    const limited = await app.anonymous.post(API.login, { name: 'target', password: 'target-password' });
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ error: { code: 'rate_limited' } });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // other names are not affected
    expect((await app.anonymous.post(API.login, { name: 'ann', password: 'ann-password' })).status).toBe(200);
  });

  it('never sends a password hash', async () => {
    const created = record(await app.admin.post(API.admin.users, { name: 'hashcheck', password: 'hashcheck-password', role: 'admin' }));
    expect(created.status).toBe(201);
    record(await app.admin.get(`${API.admin.users}?limit=500`));
    const hashes = app.server.db.prepare('SELECT password_hash FROM users').pluck().all() as string[];
    for (const text of seen) {
      expect(text).not.toMatch(/scrypt\$/);
      expect(text).not.toMatch(/password_?hash/i);
      for (const hash of hashes) expect(text).not.toContain(hash.split('$').at(-1));
    }
  });
});
