import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { API } from '../../shared/api';
import { NO_ORPHANS, newLoadState, orphans, restAnnotator, socketAnnotator } from '../helpers/annotate-load';
import { counterDrift } from '../helpers/app';
import { type ChildServer, spawnServer } from '../helpers/child';
import { ApiClient } from '../helpers/client';
import { importPairs } from '../helpers/data';

const ADMIN_PASSWORD = 'drain-admin';
const REST_ANNOTATORS = 4;
const SOCKET_ANNOTATORS = 4;
const SIGTERM_AFTER_ACKS = 60;
/** labels each annotator has in flight at once */
const BATCH = 4;

const exitOf = (server: ChildServer) =>
  new Promise<{ code: number | null; signal: string | null }>((resolve) => {
    const { child } = server;
    if (child.exitCode !== null || child.signalCode !== null) return resolve({ code: child.exitCode, signal: child.signalCode });
    child.once('close', (code, signal) => resolve({ code, signal })); // after its output was read, unlike 'exit'
  });

describe('graceful drain on SIGTERM', () => {
  const dir = mkdtempSync(join(tmpdir(), 'prefloop-drain-'));
  const dbPath = join(dir, 'prefloop.db');
  let server: ChildServer | undefined;
  afterAll(() => {
    server?.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('finishes what is in flight, stores every acknowledged label, checkpoints and exits 0', async () => {
    server = await spawnServer({ PREFLOOP_DB: dbPath, PREFLOOP_ADMIN_PASSWORD: ADMIN_PASSWORD });
    const running = server;
    const exited = exitOf(running);
    const admin = await new ApiClient(running.url).login('admin', ADMIN_PASSWORD);
    await importPairs(admin, 400);
    const clients: ApiClient[] = [];
    for (let i = 0; i < REST_ANNOTATORS + SOCKET_ANNOTATORS; i++) {
      await admin.post(API.admin.users, { name: `ann${i}`, password: `ann${i}-password` });
      clients.push(await new ApiClient(running.url).login(`ann${i}`, `ann${i}-password`));
    }

    const state = newLoadState();
    let signalled = false;
    // SIGTERM right after a round of labels was sent, before their answers: requests and acks are in flight
    const afterSend = () => {
      if (signalled || state.acked.size < SIGTERM_AFTER_ACKS) return;
      signalled = true;
      running.child.kill('SIGTERM');
    };
    await Promise.all(
      clients.map((client, i) =>
        i < REST_ANNOTATORS
          ? restAnnotator(client, `rest${i}`, state, { batch: BATCH, afterSend })
          : socketAnnotator(client, `socket${i}`, state, { batch: BATCH, afterSend }),
      ),
    );
    expect(signalled).toBe(true);
    const { code, signal } = await exited;
    console.info(
      `SIGTERM after ${SIGTERM_AFTER_ACKS} acks: ${state.acked.size} acknowledged of ${state.sent.size} sent, ${state.refused} refused, disconnects: ${state.disconnects.join(', ')}`,
    );

    // no error answer: only refused connections and socket reconnects
    expect(state.errors).toEqual([]);
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(running.output()).toMatch(/stopped: the database is checkpointed and closed/);
    expect(state.disconnects.every((reason) => reason === 'transport close')).toBe(true); // the client reconnects
    // the WAL was checkpointed into the database and emptied (or removed with the last connection)
    const wal = `${dbPath}-wal`;
    expect(existsSync(wal) ? statSync(wal).size : 0).toBe(0);

    const db = new Database(dbPath, { readonly: true });
    const copies = db.prepare('SELECT count(*) FROM labels WHERE idempotency_key = ?').pluck();
    for (const key of state.acked) expect(copies.get(key), key).toBe(1);
    // drained, not cut: every label stored was acknowledged (a request cut off after its commit would be stored
    // without its answer), and every one acknowledged is stored
    const stored = [...state.sent.keys()].filter((key) => copies.get(key) === 1);
    expect(stored.sort()).toEqual([...state.acked].sort());
    expect(orphans(db)).toEqual(NO_ORPHANS);
    expect(counterDrift(db)).toEqual({});
    db.close();
  });
});
