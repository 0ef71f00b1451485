// LiveBroadcaster's progress budget: when many annotators fall due at once, one flush pushes only what fits in
// its budget and the rest follow in later flushes, so no flush holds the event loop for all of them, and
// nobody's progress is starved. A real socket.io server on loopback and a real store (SQLite in memory).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io as connect, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOMS } from '../../shared/events';
import { systemClock } from '../../server/clock';
import { LiveBroadcaster } from '../../server/socket/live';
import { createStore } from '../../server/store';
import { openDatabase } from '../../server/store/db';

const silent = { info() {}, warn() {}, error() {} };

describe('live progress pushes under a budget', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    for (const c of cleanups.splice(0)) c();
  });

  async function setUp(users: number, budgetMs: number) {
    const store = createStore(openDatabase(':memory:'));
    const ids = Array.from({ length: users }, (_, i) => store.users.create(`ann${i}`, 'annotator', 'x').id);
    const http = createServer();
    const server = new Server(http);
    // each socket joins its user's room, as server/socket/server.ts does after the handshake
    server.on('connection', (socket) => socket.join(ROOMS.user(Number(socket.handshake.auth.userId))));
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    const live = new LiveBroadcaster({ store, clock: systemClock, log: silent }, 20, 2000, budgetMs);
    live.attach(server);
    const pushedAt = new Map<number, number[]>();
    const sockets: Socket[] = [];
    for (const id of ids) {
      const socket = connect(url, { transports: ['websocket'], forceNew: true, reconnection: false, auth: { userId: id } });
      socket.on('progress:mine', () => pushedAt.set(id, [...(pushedAt.get(id) ?? []), performance.now()]));
      await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
      sockets.push(socket);
    }
    cleanups.push(() => {
      live.close();
      for (const s of sockets) s.close();
      server.close();
      store.db.close();
    });
    return { ids, live, pushedAt };
  }

  const waitFor = async (done: () => boolean) => {
    for (let i = 0; i < 200 && !done(); i++) await new Promise((r) => setTimeout(r, 10));
  };

  it('spreads a crowd of due users over several flushes, and reaches every one of them once', async () => {
    const { ids, live, pushedAt } = await setUp(6, 0); // budget 0: one user per flush
    live.changed(ids);
    await waitFor(() => pushedAt.size === ids.length);
    expect([...pushedAt.keys()].sort()).toEqual([...ids].sort());
    for (const times of pushedAt.values()) expect(times).toHaveLength(1);
    const firsts = [...pushedAt.values()].map((t) => t[0]).sort((a, b) => a - b);
    const spread = firsts.at(-1)! - firsts[0];
    expect(spread).toBeGreaterThanOrEqual(5 * 20 * 0.8); // six flushes, 20 ms apart (timer slack allowed)
  });

  it('pushes every due user in one flush when the budget allows', async () => {
    const { ids, live, pushedAt } = await setUp(6, 1000);
    live.changed(ids);
    await waitFor(() => pushedAt.size === ids.length);
    const firsts = [...pushedAt.values()].map((t) => t[0]).sort((a, b) => a - b);
    expect(pushedAt.size).toBe(ids.length);
    expect(firsts.at(-1)! - firsts[0]).toBeLessThan(20);
  });
});
