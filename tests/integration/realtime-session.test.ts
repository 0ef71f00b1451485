import { afterEach, describe, expect, it } from 'vitest';
import { API } from '../../shared/api';
import { startTestApp, type TestApp, testClock } from '../helpers/app';
import { importPairs } from '../helpers/data';
import { connectSocket, request, socketPool, type TestSocket } from '../helpers/socket';

const DAY_MS = 24 * 3600 * 1000;

/** Resolves with the disconnect reason. */
const disconnected = (socket: TestSocket) => new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));

describe('sockets follow their session', () => {
  let app: TestApp;
  const { open, closeAll } = socketPool();
  afterEach(async () => {
    closeAll();
    await app?.close();
  });

  it('logging out over REST ends the sockets of that session (not those of another session); it cannot reconnect', async () => {
    app = await startTestApp();
    await importPairs(app.admin, 3);
    await app.user('ann');
    const laptop = await app.anonymous.login('ann', 'ann-password');
    const phone = await app.anonymous.login('ann', 'ann-password');
    const laptopSocket = await open(laptop);
    const phoneSocket = await open(phone);
    expect(await request(laptopSocket, 'queue:next', { count: 1 })).toHaveProperty('assignments');

    const ended = disconnected(laptopSocket);
    expect((await laptop.post(API.logout)).status).toBe(200);
    expect(await ended).toBe('io server disconnect');
    await expect(connectSocket(laptop)).rejects.toThrow('unauthorized');
    // the other session's socket still works
    expect(phoneSocket.connected).toBe(true);
    expect(await request(phoneSocket, 'queue:next', { count: 1 })).toHaveProperty('assignments');
  });

  it('a session that expired while the socket was open: the next event is answered unauthorized and the socket closed', async () => {
    const clock = testClock();
    app = await startTestApp({ clock: clock.now });
    await importPairs(app.admin, 3);
    const ann = await app.user('ann');
    const socket = await open(ann);
    expect(await request(socket, 'queue:next', { count: 1 })).toHaveProperty('assignments');

    clock.advance(31 * DAY_MS); // past any session lifetime and idle timeout
    const ended = disconnected(socket);
    const reply = await request(socket, 'queue:next', { count: 1 });
    expect(reply).toMatchObject({ error: { code: 'unauthorized' } });
    expect(await ended).toBe('io server disconnect');
    expect(app.server.db.prepare("SELECT count(*) FROM assignments WHERE state = 'leased'").pluck().get()).toBe(1); // nothing new leased
  });

  it('a session ended where no live update is sent (another process, a purge) is noticed on the next event', async () => {
    app = await startTestApp();
    await importPairs(app.admin, 3);
    const ann = await app.user('ann');
    const socket = await open(ann);
    expect(await request(socket, 'queue:next', { count: 1 })).toHaveProperty('assignments');
    app.server.db.prepare('DELETE FROM sessions WHERE user_id = ?').run(ann.user.id); // as `prefloop` in another process would
    const ended = disconnected(socket);
    const reply = await request(socket, 'queue:skip', { assignmentId: 1 });
    expect(reply).toMatchObject({ error: { code: 'unauthorized' } });
    expect(await ended).toBe('io server disconnect');
  });

  it('a password change ends the socket at once', async () => {
    app = await startTestApp();
    const ann = await app.user('ann');
    const socket = await open(ann);
    const ended = disconnected(socket);
    const patched = await app.admin.patch(API.admin.user.replace(':id', String(ann.user.id)), { password: 'a-new-password-1' });
    expect(patched.status).toBe(200);
    expect(await ended).toBe('io server disconnect');
    await expect(connectSocket(ann)).rejects.toThrow('unauthorized');
  });

  it('a socket opened with a bearer token keeps working while the token is valid', async () => {
    app = await startTestApp();
    await importPairs(app.admin, 3);
    const { token } = (await app.admin.post<{ token: string }>(API.admin.tokens, { label: 'socket' })).body;
    const socket = await open(app.anonymous, { token });
    for (let i = 0; i < 3; i++) expect(await request(socket, 'queue:next', { count: 1 })).toHaveProperty('assignments');
    expect(socket.connected).toBe(true);
  });
});
