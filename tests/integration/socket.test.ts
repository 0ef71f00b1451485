import { afterEach, describe, expect, it } from 'vitest';
import { API } from '../../shared/api';
import type { AdminCounts } from '../../shared/schemas/admin';
import type { LabelAck } from '../../shared/schemas/labels';
import type { AssignmentView, MyProgress, QueueCounts } from '../../shared/schemas/queue';
import { startTestApp, type TestApp } from '../helpers/app';
import { ApiClient } from '../helpers/client';
import { importPairs, labelFor } from '../helpers/data';
import { connectSocket, nextEvent, receivedEvents, request, socketPool, type TestSocket } from '../helpers/socket';

describe('socket.io', () => {
  let app: TestApp;
  const { open, closeAll } = socketPool();
  afterEach(async () => {
    closeAll();
    await app?.close();
  });

  it('refuses a handshake without a valid session or token', async () => {
    app = await startTestApp();
    await expect(connectSocket(app.anonymous)).rejects.toThrow('unauthorized');
    await expect(connectSocket(new ApiClient(app.url, 'prefloop_session=forged'))).rejects.toThrow('unauthorized');
    await expect(connectSocket(app.anonymous, { token: 'pf_nope' })).rejects.toThrow('unauthorized');
  });

  it('accepts a bearer token in the handshake auth', async () => {
    app = await startTestApp();
    const { body } = await app.admin.post<{ token: string }>(API.admin.tokens, { label: 'socket' });
    const socket = await open(app.anonymous, { token: body.token });
    expect(socket.connected).toBe(true);
  });

  it('leases and labels through acks, and pushes counts: admin:counts to admins, progress:mine to the user', async () => {
    app = await startTestApp();
    await importPairs(app.admin, 3);
    const ann = await app.user('ann');
    const adminSocket = await open(app.admin);
    const annSocket = await open(ann);
    // the current state on connect (and the import's coalesced push, so it is not mistaken for later ones)
    await new Promise((r) => setTimeout(r, 400));
    const eventsOf = (socket: TestSocket) => receivedEvents(socket).map(([event]) => event);
    expect(eventsOf(annSocket)).toEqual(expect.arrayContaining(['progress:mine', 'queue:counts']));
    expect(eventsOf(annSocket)).not.toContain('admin:counts');
    expect(eventsOf(adminSocket)).toEqual(expect.arrayContaining(['admin:counts', 'progress:mine', 'queue:counts']));

    const { assignments } = await request<{ assignments: AssignmentView[] }>(annSocket, 'queue:next', { count: 2 });
    expect(assignments).toHaveLength(2);
    const adminCounts = nextEvent<AdminCounts>(adminSocket, 'admin:counts');
    const queueCounts = nextEvent<QueueCounts>(adminSocket, 'queue:counts');
    const progress = nextEvent<MyProgress>(annSocket, 'progress:mine');
    const ack = await request<LabelAck>(annSocket, 'label:submit', labelFor(assignments[0].assignmentId));
    expect(ack).toEqual({ duplicate: false });

    expect(await adminCounts).toMatchObject({ labels: 1, comparisons: 3, openComparisons: 2, activeLeases: 1 });
    expect(await queueCounts).toEqual({ open: 2, leased: 1, complete: 1, labels: 1 });
    expect(await progress).toEqual({ labeled: 1, skipped: 0, available: 1 });

    const skipped = await request(annSocket, 'queue:skip', { assignmentId: assignments[1].assignmentId });
    expect(skipped).toEqual({ ok: true });
    // annotators never get admin counts
    let leaked = false;
    annSocket.on('admin:counts', () => {
      leaked = true;
    });
    await request(annSocket, 'queue:next', { count: 1 });
    await new Promise((r) => setTimeout(r, 400));
    expect(leaked).toBe(false);
  });

  it('tells annotators when new pairs arrive', async () => {
    app = await startTestApp();
    const ann = await app.user('ann');
    const socket = await open(ann);
    const available = nextEvent<{ count: number }>(socket, 'queue:available');
    await importPairs(app.admin, 4);
    expect(await available).toEqual({ count: 4 });
  });

  it('coalesces pushes: many labels, few count broadcasts', async () => {
    app = await startTestApp();
    await importPairs(app.admin, 40);
    const ann = await app.user('ann');
    const adminSocket = await open(app.admin);
    const socket = await open(ann);
    let pushes = 0;
    adminSocket.on('admin:counts', () => pushes++);
    for (let i = 0; i < 40; i++) {
      const { assignments } = await request<{ assignments: AssignmentView[] }>(socket, 'queue:next', { count: 1 });
      await request(socket, 'label:submit', labelFor(assignments[0].assignmentId));
    }
    await new Promise((r) => setTimeout(r, 400));
    expect(pushes).toBeGreaterThan(0);
    expect(pushes).toBeLessThan(40);
    expect((await app.admin.get<AdminCounts>(API.admin.counts)).body.labels).toBe(40);
  });
});
