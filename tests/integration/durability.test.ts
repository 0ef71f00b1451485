import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { API } from '../../shared/api';
import type { LabelAck } from '../../shared/schemas/labels';
import type { AssignmentView } from '../../shared/schemas/queue';
import { type ChildServer, spawnServer, waitForExit } from '../helpers/child';
import { ApiClient } from '../helpers/client';
import { importPairs, labelFor } from '../helpers/data';
import { counterDrift } from '../helpers/app';
import { NO_ORPHANS, newLoadState, orphans, restAnnotator, socketAnnotator } from '../helpers/annotate-load';

const ADMIN_PASSWORD = 'durability-admin';
const ANNOTATORS = 6;
const KILL_AFTER_ACKS = 80;

describe('durability', () => {
  const dir = mkdtempSync(join(tmpdir(), 'prefloop-kill-'));
  const env = { PREFLOOP_DB: join(dir, 'prefloop.db'), PREFLOOP_ADMIN_PASSWORD: ADMIN_PASSWORD };
  let server: ChildServer | undefined;
  afterAll(async () => {
    server?.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps every acknowledged label exactly once across kill -9, and retries add no duplicates', async () => {
    server = await spawnServer(env);
    const admin = await new ApiClient(server.url).login('admin', ADMIN_PASSWORD);
    await importPairs(admin, 400);
    const annotators: ApiClient[] = [];
    for (let i = 0; i < ANNOTATORS; i++) {
      await admin.post(API.admin.users, { name: `ann${i}`, password: `ann${i}-password` });
      annotators.push(await new ApiClient(server.url).login(`ann${i}`, `ann${i}-password`));
    }

    const sent = new Map<string, { client: ApiClient; body: ReturnType<typeof labelFor> }>();
    const acked = new Set<string>();
    let killed = false;
    const first = server;
    const work = async (client: ApiClient, n: number) => {
      for (let i = 0; !killed && i < 200; i++) {
        try {
          const { body } = await client.post<{ assignments: AssignmentView[] }>(API.queueNext, { count: 1 });
          if (!body.assignments?.length) return;
          const label = labelFor(body.assignments[0].assignmentId, `ann${n}-label-${i}`);
          sent.set(label.idempotencyKey, { client, body: label });
          const response = await client.post<LabelAck>(API.labels, label);
          if (response.status === 201 || response.status === 200) acked.add(label.idempotencyKey);
          if (acked.size >= KILL_AFTER_ACKS && !killed) {
            killed = true;
            first.child.kill('SIGKILL'); // mid-stream: the other annotators have requests in flight
          }
        } catch {
          return; // the connection died with the server
        }
      }
    };
    await Promise.all(annotators.map((client, n) => work(client, n)));
    expect(killed).toBe(true);
    await waitForExit(first.child);

    const restarted = await spawnServer(env);
    server = restarted;
    const db = new Database(env.PREFLOOP_DB, { readonly: true });
    const copies = db.prepare('SELECT count(*) FROM labels WHERE idempotency_key = ?').pluck();
    for (const key of acked) expect(copies.get(key), key).toBe(1);

    // retry what was never acknowledged (it may or may not have been committed) with the same keys
    const unacked = [...sent.keys()].filter((key) => !acked.has(key));
    console.info(`kill -9 after ${acked.size} acknowledged labels; ${unacked.length} were in flight and are retried`);
    for (const key of unacked) {
      const { client, body } = sent.get(key) as { client: ApiClient; body: ReturnType<typeof labelFor> };
      const retry = await new ApiClient(restarted.url, client.cookie).post<LabelAck>(API.labels, body);
      expect([200, 201], JSON.stringify(retry.body)).toContain(retry.status);
    }
    for (const key of sent.keys()) expect(copies.get(key), key).toBe(1);
    expect(db.prepare('SELECT count(*) FROM labels').pluck().get()).toBe(sent.size);
    expect(db.prepare('SELECT count(*) FROM comparisons WHERE label_count <> (SELECT count(*) FROM labels l WHERE l.comparison_id = comparisons.id)').pluck().get()).toBe(0);
    expect(counterDrift(db)).toEqual({});
    db.close();
    restarted.child.kill('SIGTERM');
    await waitForExit(restarted.child);
  });

  it('over sockets and REST, kill -9 while labels are in flight: every acked label stored, none half', async () => {
    // Acks must follow the commit (store/groupCommit.ts). The kill comes right after a round of labels was
    // sent, before their acks: an ack sent before its commit would show up here as an acked label missing after
    // the restart. Several rounds, each on the database the last kill left.
    const ROUNDS = 3;
    const socketEnv = { PREFLOOP_DB: join(dir, 'sockets.db'), PREFLOOP_ADMIN_PASSWORD: ADMIN_PASSWORD };
    const acked = new Set<string>();
    for (let round = 0; round < ROUNDS; round++) {
      const running = await spawnServer(socketEnv);
      server = running;
      const admin = await new ApiClient(running.url).login('admin', ADMIN_PASSWORD);
      if (round === 0) await importPairs(admin, 400);
      const clients: ApiClient[] = [];
      for (let i = 0; i < ANNOTATORS; i++) {
        if (round === 0) await admin.post(API.admin.users, { name: `ann${i}`, password: `ann${i}-password` });
        clients.push(await new ApiClient(running.url).login(`ann${i}`, `ann${i}-password`));
      }
      const state = newLoadState();
      let killed = false;
      const afterSend = () => {
        if (killed || state.acked.size < KILL_AFTER_ACKS / 2) return;
        killed = true;
        running.child.kill('SIGKILL');
      };
      await Promise.all(
        clients.map((client, i) =>
          // two of three annotators on sockets, pipelining 4 labels; labels stay unique across rounds by name
          i % 3 === 2
            ? restAnnotator(client, `r${round}-rest${i}`, state, { batch: 4, afterSend })
            : socketAnnotator(client, `r${round}-socket${i}`, state, { batch: 4, afterSend }),
        ),
      );
      expect(killed).toBe(true);
      expect(state.errors).toEqual([]);
      await waitForExit(running.child);
      for (const key of state.acked) acked.add(key);
      console.info(`round ${round}: kill -9 with ${state.sent.size - state.acked.size} of ${state.sent.size} labels unacknowledged`);

      const db = new Database(socketEnv.PREFLOOP_DB, { readonly: true });
      const copies = db.prepare('SELECT count(*) FROM labels WHERE idempotency_key = ?').pluck();
      for (const key of acked) expect(copies.get(key), key).toBe(1);
      expect(orphans(db)).toEqual(NO_ORPHANS);
      expect(counterDrift(db)).toEqual({});
      db.close();
    }
  });
});
