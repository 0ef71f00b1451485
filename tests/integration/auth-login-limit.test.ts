import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { API } from '../../shared/api';
import { DEFAULT_LOGIN_LIMITS, LoginLimiter } from '../../server/auth/rateLimit';
import { DEFAULT_AUTH_SETTINGS } from '../../server/auth/settings';
import { createApp } from '../../server/http/app';
import { ApiClient } from '../helpers/client';
import { type TestApp, startTestApp, testClock } from '../helpers/app';

const { maxFailures } = DEFAULT_LOGIN_LIMITS;

describe('login rate limit over HTTP', () => {
  let app: TestApp;
  let proxied: Server;
  let behindProxy: ApiClient;

  beforeAll(async () => {
    app = await startTestApp();
    // the same server state, served by an app that trusts a proxy on loopback (as PREFLOOP_TRUST_PROXY=loopback)
    proxied = createServer(createApp({ ...app.server.ctx, auth: { ...DEFAULT_AUTH_SETTINGS, trustProxy: 'loopback' } }));
    await new Promise<void>((resolve) => proxied.listen(0, '127.0.0.1', resolve));
    behindProxy = new ApiClient(`http://127.0.0.1:${(proxied.address() as AddressInfo).port}`);
  });
  afterAll(async () => {
    await new Promise((resolve) => proxied.close(resolve));
    await app.close();
  });

  it('lets at most maxFailures of 20 parallel wrong guesses reach the password check; the rest get 429 + Retry-After', async () => {
    await app.user('target');
    const checks = vi.spyOn(app.server.ctx.store.users, 'credentials'); // called right before the scrypt check
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => app.anonymous.post(API.login, { name: 'target', password: 'wrong-password' })),
    );
    const reached = checks.mock.calls.length;
    checks.mockRestore();
    expect(reached).toBeLessThanOrEqual(maxFailures);
    expect(answers.filter((a) => a.status === 401)).toHaveLength(reached);
    const limited = answers.filter((a) => a.status === 429);
    expect(limited).toHaveLength(20 - reached);
    for (const a of limited) {
      expect(a.body).toMatchObject({ error: { code: 'rate_limited' } });
      expect(Number(a.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    // the right password is refused too while the pair waits, without a password check
    expect((await app.anonymous.post(API.login, { name: 'target', password: 'target-password' })).status).toBe(429);
  });

  it('keys by the client address behind a trusted proxy (X-Forwarded-For), and ignores that header otherwise', async () => {
    await app.user('proxied');
    const guess = (client: ApiClient, forwardedFor: string) =>
      client.request('POST', API.login, { name: 'proxied', password: 'wrong-password' }, undefined, { 'x-forwarded-for': forwardedFor });
    for (let i = 0; i < maxFailures; i++) expect((await guess(behindProxy, '203.0.113.5')).status).toBe(401);
    expect((await guess(behindProxy, '203.0.113.5')).status).toBe(429);
    expect((await guess(behindProxy, '203.0.113.6')).status).toBe(401); // another client behind the proxy

    // without trust proxy the header is the client's to invent: it changes nothing, every guess is 127.0.0.1's
    await app.user('direct');
    const direct = (i: number) =>
      app.anonymous.request('POST', API.login, { name: 'direct', password: 'wrong' }, undefined, { 'x-forwarded-for': `198.51.100.${i}` });
    for (let i = 0; i < maxFailures; i++) expect((await direct(i)).status).toBe(401);
    expect((await direct(99)).status).toBe(429);
  });
});

describe('LoginLimiter', () => {
  it('counts an attempt when it is reserved: parallel attempts beyond maxFailures are refused', () => {
    const limiter = new LoginLimiter(testClock().now);
    const reservations = Array.from({ length: 20 }, () => limiter.reserve('ann', '10.0.0.1'));
    expect(reservations.filter((r) => r.ok)).toHaveLength(maxFailures);
  });

  it('gives the attempt back on success and on release', () => {
    const limiter = new LoginLimiter(testClock().now, { maxFailures: 2 });
    const first = limiter.reserve('ann', 'a');
    if (!first.ok) throw new Error('refused');
    limiter.release(first.attempt);
    const second = limiter.reserve('ann', 'a');
    if (!second.ok) throw new Error('refused');
    limiter.succeed(second.attempt);
    expect(limiter.reserve('ann', 'a').ok).toBe(true);
    expect(limiter.reserve('ann', 'a').ok).toBe(true);
    expect(limiter.reserve('ann', 'a').ok).toBe(false);
  });

  it('backs off exponentially per account across addresses, bounded, and never for an address the owner used', () => {
    const clock = testClock();
    const limiter = new LoginLimiter(clock.now, { maxFailures: 3, accountFreeFailures: 6, backoffBaseMs: 1000, backoffMaxMs: 60_000 });
    const owner = limiter.reserve('ann', 'home');
    if (!owner.ok) throw new Error('refused');
    limiter.succeed(owner.attempt); // 'home' is now known for ann

    let address = 0;
    const guess = () => limiter.reserve('ann', `guesser-${address++}`); // a new address each time: no pair limit applies
    for (let i = 0; i < 6; i++) expect(guess().ok).toBe(true);
    const waits: number[] = [];
    for (let i = 0; i < 8; i++) {
      const refused = guess(); // the account waits, however many addresses the guesser has…
      if (refused.ok) throw new Error('not refused');
      waits.push(refused.retryAfterSeconds);
      clock.advance(refused.retryAfterSeconds * 1000);
      expect(guess().ok).toBe(true); // …then one more attempt is allowed
    }
    expect(waits).toEqual([1, 2, 4, 8, 16, 32, 60, 60]);

    expect(limiter.reserve('ann', 'home').ok).toBe(true); // the owner's own address is not held back
    const elsewhere = limiter.reserve('ann', 'hotel'); // a new address waits at most backoffMaxMs
    expect(elsewhere.ok ? 0 : elsewhere.retryAfterSeconds).toBeLessThanOrEqual(60);
    expect(limiter.reserve('bob', 'guesser-1').ok).toBe(true); // other accounts are untouched
  });

  it('keeps the counter of a guessed account when a flood of fresh keys fills the map, within the memory bound', () => {
    const clock = testClock();
    const limiter = new LoginLimiter(clock.now, { maxKeys: 100 });
    for (let i = 0; i < maxFailures; i++) expect(limiter.reserve('target', '10.0.0.1').ok).toBe(true);
    for (let i = 0; i < 5000; i++) {
      limiter.reserve(`flood-${i}`, `10.1.${i >> 8}.${i & 255}`);
      clock.advance(1);
    }
    const size = limiter.size();
    expect(size.pairs).toBeLessThanOrEqual(100);
    expect(size.accounts).toBeLessThanOrEqual(100);
    expect(limiter.reserve('target', '10.0.0.1').ok).toBe(false); // still counted: still refused
  });

  it('forgets a pair windowMs after its last failure', () => {
    const clock = testClock();
    const limiter = new LoginLimiter(clock.now);
    for (let i = 0; i < maxFailures; i++) limiter.reserve('ann', 'a');
    const refused = limiter.reserve('ann', 'a');
    expect(refused.ok ? 0 : refused.retryAfterSeconds).toBe(DEFAULT_LOGIN_LIMITS.windowMs / 1000);
    clock.advance(DEFAULT_LOGIN_LIMITS.windowMs);
    expect(limiter.reserve('ann', 'a').ok).toBe(true);
  });
});
