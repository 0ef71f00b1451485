import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API } from '../../shared/api';
import { DEFAULT_AUTH_SETTINGS } from '../../server/auth/settings';
import { type TestApp, rowCount, startTestApp, testClock } from '../helpers/app';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

describe('sessions: absolute end, idle timeout, last seen, purge', () => {
  const clock = testClock();
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ clock: clock.now });
    await app.user('ann');
  });
  afterAll(() => app.close());

  const login = () => app.anonymous.login('ann', 'ann-password');
  const lastSeen = () =>
    app.server.db.prepare("SELECT last_seen_at FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.name = 'ann' ORDER BY s.rowid DESC LIMIT 1").pluck().get();

  it('sets the cookie for 7 days', async () => {
    const response = await app.anonymous.post(API.login, { name: 'ann', password: 'ann-password' });
    expect(response.headers.get('set-cookie')).toContain(`Max-Age=${7 * 24 * 3600}`);
  });

  it('ends a session idle for 24 h; each request (at most once a minute written) keeps it alive', async () => {
    const client = await login();
    expect(lastSeen()).toBeNull();
    clock.advance(23 * HOUR);
    expect((await client.get(API.me)).status).toBe(200);
    const seen = lastSeen();
    expect(seen).toBe(new Date(clock.now()).toISOString());

    const changes = () => app.server.db.prepare('SELECT total_changes()').pluck().get();
    const before = changes();
    clock.advance(59_000);
    for (let i = 0; i < 5; i++) expect((await client.get(API.me)).status).toBe(200);
    expect(changes()).toBe(before); // no write within the minute
    expect(lastSeen()).toBe(seen);

    clock.advance(23 * HOUR); // 23 h after the last request: still alive
    expect((await client.get(API.me)).status).toBe(200);
    clock.advance(DAY); // a day with no request: gone
    expect((await client.get(API.me)).status).toBe(401);
  });

  it('ends a busy session 7 days after login', async () => {
    const client = await login();
    for (let i = 0; i < 8; i++) {
      clock.advance(20 * HOUR); // never idle for a day
      expect((await client.get(API.me)).status).toBe(200);
    }
    clock.advance(8 * HOUR - 1); // 7 days less 1 ms after login
    expect((await client.get(API.me)).status).toBe(200);
    clock.advance(1);
    expect((await client.get(API.me)).status).toBe(401);
  });

  it('purges ended sessions at the next login', async () => {
    await login();
    await login();
    clock.advance(DAY + 1); // both idle too long
    const stale = rowCount(app, 'sessions');
    expect(stale).toBeGreaterThanOrEqual(2);
    await login();
    expect(rowCount(app, 'sessions')).toBe(1); // the admin's and ann's old ones are gone too: all idle
  });

  it('honours other settings (PREFLOOP_SESSION_HOURS / _IDLE_HOURS through ctx.auth)', async () => {
    app.server.ctx.auth = { ...DEFAULT_AUTH_SETTINGS, sessionTtlS: 3 * 3600, sessionIdleS: 3600 };
    try {
      const response = await app.anonymous.post(API.login, { name: 'ann', password: 'ann-password' });
      expect(response.headers.get('set-cookie')).toContain(`Max-Age=${3 * 3600}`);
      const client = await login();
      clock.advance(HOUR - 1);
      expect((await client.get(API.me)).status).toBe(200);
      clock.advance(HOUR);
      expect((await client.get(API.me)).status).toBe(401);
    } finally {
      app.server.ctx.auth = undefined;
    }
  });
});
