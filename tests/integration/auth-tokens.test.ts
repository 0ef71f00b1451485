import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API } from '../../shared/api';
import { buildPath, ROUTES } from '../../shared/contract';
import type { CreatedToken, PublicUser, TokenInfo } from '../../shared/schemas/auth';
import type { Page } from '../../shared/schemas/common';
import type { ApiClient } from '../helpers/client';
import { type TestApp, repoRoot, startTestApp, testClock } from '../helpers/app';

const run = promisify(execFile);
const revokePath = (id: number) => buildPath(ROUTES.tokenRevoke.path, { id });
const tokenRow = (app: TestApp, id: number) =>
  app.server.db.prepare('SELECT token_hash, last_used_at, revoked FROM api_tokens WHERE id = ?').get(id) as {
    token_hash: string;
    last_used_at: string | null;
    revoked: number;
  };

describe('bearer tokens: list, revoke, expiry, last use', () => {
  const clock = testClock();
  let app: TestApp;
  let ann: ApiClient & { user: PublicUser };
  let bob: ApiClient & { user: PublicUser };

  beforeAll(async () => {
    app = await startTestApp({ clock: clock.now });
    ann = await app.user('ann');
    bob = await app.user('bob');
  });
  afterAll(() => app.close());

  const create = async (client: ApiClient, body: object) => {
    const created = await client.post<CreatedToken>(ROUTES.tokenCreate.path, body);
    expect(created.status, created.text).toBe(201);
    return created.body;
  };

  it('shows the secret once, stores only its hash, and lists without secrets', async () => {
    const created = await create(ann, { label: 'laptop' });
    expect(created.token).toMatch(/^pf_/);
    expect(created.expiresAt).toBeNull();
    const row = tokenRow(app, created.id);
    expect(row.token_hash).not.toContain(created.token);
    expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
    const list = await ann.get<Page<TokenInfo>>(ROUTES.tokens.path);
    expect(list.status).toBe(200);
    expect(list.body.items.map((t) => t.label)).toEqual(['laptop']);
    expect(list.text).not.toContain(created.token);
    expect(list.text).not.toContain(row.token_hash);
    expect((await app.anonymous.withBearer(created.token).get<{ user: PublicUser }>(API.me)).body.user.name).toBe('ann');
  });

  it('lets everyone list only their own; admins anyone’s (filtered by user) or everyone’s', async () => {
    await create(bob, { label: 'bob-ci' });
    const own = await bob.get<Page<TokenInfo>>(ROUTES.tokens.path);
    expect(own.body.items.every((t) => t.userName === 'bob')).toBe(true);
    expect((await bob.get(`${ROUTES.tokens.path}?userId=${ann.user.id}`)).status).toBe(403);
    expect((await bob.get(`${ROUTES.tokens.path}?all=true`)).status).toBe(403);
    expect((await bob.get(`${ROUTES.tokens.path}?userId=${bob.user.id}`)).status).toBe(200);

    const annsOnly = await app.admin.get<Page<TokenInfo>>(`${ROUTES.tokens.path}?userId=${ann.user.id}`);
    expect(annsOnly.body.items.map((t) => t.userName)).toEqual(['ann']);
    const all = await app.admin.get<Page<TokenInfo>>(`${ROUTES.tokens.path}?all=true`);
    expect(new Set(all.body.items.map((t) => t.userName))).toEqual(new Set(['ann', 'bob']));
    expect((await app.admin.get<Page<TokenInfo>>(ROUTES.tokens.path)).body.items).toEqual([]); // the admin's own: none yet
    expect((await bob.get(`${ROUTES.tokens.path}?userId=abc`)).status).toBe(400);
  });

  it('revokes: own tokens for everyone, anyone’s for admins; a revoked token stops at once', async () => {
    const annToken = await create(ann, { label: 'to-revoke' });
    const scripted = app.anonymous.withBearer(annToken.token);
    expect((await scripted.get(API.me)).status).toBe(200);

    const byOther = await bob.post(revokePath(annToken.id));
    expect(byOther.status).toBe(404); // another user's token does not exist for bob
    expect((await scripted.get(API.me)).status).toBe(200);

    const byOwner = await ann.post<{ token: TokenInfo }>(revokePath(annToken.id));
    expect(byOwner.status).toBe(200);
    expect(byOwner.body.token).toMatchObject({ id: annToken.id, revoked: true });
    expect((await scripted.get(API.me)).status).toBe(401);
    expect((await ann.post(revokePath(annToken.id))).status).toBe(200); // again: no change, no error

    const bobToken = await create(bob, { label: 'admin-revokes' });
    expect((await app.admin.post(revokePath(bobToken.id))).status).toBe(200);
    expect((await app.anonymous.withBearer(bobToken.token).get(API.me)).status).toBe(401);
    expect((await app.admin.post(revokePath(999_999))).status).toBe(404);
  });

  it('records the last use at most once a minute, not per request', async () => {
    const created = await create(ann, { label: 'used' });
    expect(tokenRow(app, created.id).last_used_at).toBeNull();
    const scripted = app.anonymous.withBearer(created.token);
    await scripted.get(API.me);
    const first = tokenRow(app, created.id).last_used_at;
    expect(first).toBe(new Date(clock.now()).toISOString());
    const changesBefore = app.server.db.prepare('SELECT total_changes()').pluck().get() as number;
    clock.advance(30_000);
    for (let i = 0; i < 5; i++) await scripted.get(API.me);
    expect(tokenRow(app, created.id).last_used_at).toBe(first);
    expect(app.server.db.prepare('SELECT total_changes()').pluck().get()).toBe(changesBefore); // not one write
    clock.advance(31_000);
    await scripted.get(API.me);
    expect(tokenRow(app, created.id).last_used_at).toBe(new Date(clock.now()).toISOString());
  });

  it('ends sessions and tokens on a role change, password reset or disable, unless the admin says endSessions: false', async () => {
    const carol = await app.user('carol');
    const carolToken = await create(carol, { label: 'carol' });
    const scripted = app.anonymous.withBearer(carolToken.token);
    const userPath = buildPath(ROUTES.adminUserUpdate.path, { id: carol.user.id });

    expect((await app.admin.patch(userPath, { password: 'carol-password-2', endSessions: false })).status).toBe(200);
    expect((await carol.get(API.me)).status).toBe(200);
    expect((await scripted.get(API.me)).status).toBe(200);

    expect((await app.admin.patch(userPath, { role: 'admin' })).status).toBe(200);
    expect((await carol.get(API.me)).status).toBe(401);
    expect((await scripted.get(API.me)).status).toBe(401);
    expect(tokenRow(app, carolToken.id).revoked).toBe(1);

    const again = await app.anonymous.login('carol', 'carol-password-2');
    const token2 = await create(again, { label: 'carol-2' });
    expect((await app.admin.patch(userPath, { password: 'carol-password-3' })).status).toBe(200); // default: end them
    expect((await again.get(API.me)).status).toBe(401);
    expect((await app.anonymous.withBearer(token2.token).get(API.me)).status).toBe(401);

    expect((await app.admin.patch(userPath, { endSessions: true })).status).toBe(400); // nothing to update
  });

  it('keeps the admin path POST /api/admin/tokens, which takes an expiry too', async () => {
    const created = await app.admin.post<CreatedToken>(API.admin.tokens, { label: 'old-path', expiresInDays: 30 });
    expect(created.status).toBe(201);
    expect(created.body.expiresAt).toBeTruthy();
  });

  it('expires a token created with expiresInDays (last: moving the clock 2 days ends every session)', async () => {
    const created = await create(ann, { label: 'short', expiresInDays: 2 });
    expect(Date.parse(created.expiresAt as string) - clock.now()).toBe(2 * 24 * 3600_000);
    const scripted = app.anonymous.withBearer(created.token);
    expect((await scripted.get(API.me)).status).toBe(200);
    for (const expiresInDays of [0, -1, 1.5, 'x', 100_000]) {
      const bad = await ann.post(ROUTES.tokenCreate.path, { label: 'bad', expiresInDays });
      expect(bad.status, String(expiresInDays)).toBe(400);
      expect(bad.body).toMatchObject({ error: { code: 'invalid_request' } });
    }
    clock.advance(2 * 24 * 3600_000 - 1);
    expect((await scripted.get(API.me)).status).toBe(200);
    clock.advance(1);
    expect((await scripted.get(API.me)).status).toBe(401);
  });
});

describe('prefloop tokens (CLI, on the database file)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
    await app.user('dave');
  });
  afterAll(() => app.close());

  const cli = (...args: string[]) =>
    run(process.execPath, ['scripts/prefloop.mjs', 'tokens', ...args], { cwd: repoRoot, env: { ...process.env, PREFLOOP_DB: app.dbPath } });

  it('creates (secret printed once), lists and revokes while the server runs', async () => {
    const created = await cli('create', '--user', 'dave', '--label', 'cron', '--expires-days', '7');
    const secret = created.stdout.trim().split('\n').at(-1) as string;
    expect(secret).toMatch(/^pf_/);
    const id = Number(/Token (\d+)/.exec(created.stdout)?.[1]);
    expect((await app.anonymous.withBearer(secret).get<{ user: PublicUser }>(API.me)).body.user.name).toBe('dave');

    const listed = await cli('list', '--user', 'dave');
    expect(listed.stdout).toContain(`${id}\tdave\tcron\tactive`);
    expect(listed.stdout).not.toContain(secret);

    expect((await cli('revoke', String(id))).stdout).toContain(`Revoked token ${id}`);
    expect((await app.anonymous.withBearer(secret).get(API.me)).status).toBe(401);
    expect((await cli('list')).stdout).toMatch(new RegExp(`${id}\\tdave\\tcron\\trevoked`));

    await expect(cli('create', '--user', 'nobody')).rejects.toMatchObject({ stderr: expect.stringContaining('No user named nobody') });
    await expect(cli('revoke', 'abc')).rejects.toMatchObject({ stderr: expect.stringContaining('token ID') });
  });
});
