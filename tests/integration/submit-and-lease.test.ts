// label:submit with `next`: the label and the next leases in one round trip (socket and HTTP), against the real
// server and SQLite. The pair just labelled is never handed out again; a refused label still leaves the
// leased pairs to queue:next.
import { afterEach, describe, expect, it } from 'vitest';
import { API } from '../../shared/api';
import type { AdminCounts } from '../../shared/schemas/admin';
import type { LabelAck } from '../../shared/schemas/labels';
import type { AssignmentView } from '../../shared/schemas/queue';
import { startTestApp, type TestApp } from '../helpers/app';
import { importPairs, labelFor } from '../helpers/data';
import { request, socketPool } from '../helpers/socket';

type Next = { assignments: AssignmentView[] };

describe('label:submit with next', () => {
  let app: TestApp;
  const { open, closeAll } = socketPool();
  afterEach(async () => {
    closeAll();
    await app?.close();
  });

  it('stores the label and leases the next pair in the same round trip, until the queue is empty', async () => {
    app = await startTestApp();
    await importPairs(app.admin, 4);
    const socket = await open(await app.user('ann'));
    let [current] = (await request<Next>(socket, 'queue:next', { count: 1 })).assignments;
    const seen = [current.prompt.text];
    for (let i = 0; i < 3; i++) {
      const ack = await request<LabelAck>(socket, 'label:submit', { ...labelFor(current.assignmentId), next: 1 });
      expect(ack.duplicate).toBe(false);
      expect(ack.assignments).toHaveLength(1);
      current = ack.assignments![0];
      expect(seen).not.toContain(current.prompt.text); // never the pair just labelled
      seen.push(current.prompt.text);
    }
    const last = await request<LabelAck>(socket, 'label:submit', { ...labelFor(current.assignmentId), next: 1 });
    expect(last).toEqual({ duplicate: false, assignments: [] }); // all four labelled: nothing left to lease
    expect((await app.admin.get<AdminCounts>(API.admin.counts)).body).toMatchObject({ labels: 4, openComparisons: 0, activeLeases: 0 });
  });

  it('without next, the ack is as before', async () => {
    app = await startTestApp();
    await importPairs(app.admin, 2);
    const socket = await open(await app.user('ann'));
    const [a] = (await request<Next>(socket, 'queue:next', { count: 1 })).assignments;
    expect(await request(socket, 'label:submit', labelFor(a.assignmentId))).toEqual({ duplicate: false });
  });

  it('a refused label answers with its error; the pair leased with it comes back from queue:next', async () => {
    app = await startTestApp();
    await importPairs(app.admin, 3);
    const socket = await open(await app.user('ann'));
    const [a] = (await request<Next>(socket, 'queue:next', { count: 1 })).assignments;
    await request(socket, 'label:submit', labelFor(a.assignmentId));
    const again = await request<{ error: { code: string } }>(socket, 'label:submit', { ...labelFor(a.assignmentId), next: 1 });
    expect(again.error.code).toBe('already_labeled');
    const { assignments } = await request<Next>(socket, 'queue:next', { count: 5 });
    expect(assignments).toHaveLength(2); // the one leased with the refused label, and the last pair
    expect((await app.admin.get<AdminCounts>(API.admin.counts)).body).toMatchObject({ labels: 1, activeLeases: 2 });
  });

  it('works over HTTP too, and refuses a next outside 0..5 without storing the label', async () => {
    app = await startTestApp();
    await importPairs(app.admin, 3);
    const ann = await app.user('ann');
    const [a] = (await ann.post<Next>(API.queueNext, { count: 1 })).body.assignments;
    const bad = await ann.post(API.labels, { ...labelFor(a.assignmentId), next: 6 });
    expect(bad.status).toBe(400);
    expect((await app.admin.get<AdminCounts>(API.admin.counts)).body.labels).toBe(0);
    const ok = await ann.post<LabelAck>(API.labels, { ...labelFor(a.assignmentId), next: 2 });
    expect(ok.status).toBe(201);
    expect(ok.body.assignments?.map((x) => x.prompt.text).sort()).toHaveLength(2);
    expect(ok.body.assignments?.map((x) => x.prompt.text)).not.toContain(a.prompt.text);
  });
});
