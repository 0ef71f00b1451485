import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createStore } from '../../server/store';
import { migrate } from '../../server/store/migrate';
import { openDatabase } from '../../server/store/db';
import { repoRoot } from '../helpers/app';

const page = { limit: 50, offset: 0 };

describe('jobs store', () => {
  const dir = mkdtempSync(join(tmpdir(), 'prefloop-jobs-store-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('0003 rebuilds jobs with every kind, keeping jobs and their metric rows', () => {
    const v2 = join(dir, 'v2');
    mkdirSync(v2);
    for (const f of ['0001_init.sql', '0002_queue_counters.sql']) copyFileSync(join(repoRoot, 'db/migrations', f), join(v2, f));
    const db = new Database(join(dir, 'old.db'));
    db.pragma('foreign_keys = ON');
    migrate(db, v2);
    db.exec(`INSERT INTO users (id, name, role, password_hash) VALUES (1, 'root', 'admin', 'x');
      INSERT INTO jobs (id, kind, config, status, progress, created_by) VALUES (1, 'sft', '{"lr":0.1}', 'succeeded', 1, 1), (2, 'rm', '{}', 'running', 0.5, 1);
      INSERT INTO job_metrics VALUES (1, 0, 'loss', 2.5), (1, 1, 'loss', 2.0), (2, 0, 'acc', 0.5);`);
    expect(() => db.exec("INSERT INTO jobs (kind) VALUES ('self_instruct')")).toThrow(/CHECK/);

    expect(migrate(db, join(repoRoot, 'db/migrations'))).toContain(3);
    const store = createStore(db);
    expect(store.jobs.get(1)).toMatchObject({ kind: 'sft', config: { lr: 0.1 }, status: 'succeeded', createdBy: 1, result: null, parentJobId: null });
    expect(store.jobs.series(1)).toEqual({ loss: [[0, 2.5], [1, 2.0]] });
    expect(store.jobs.series(2)).toEqual({ acc: [[0, 0.5]] });
    expect(db.pragma('foreign_key_check')).toEqual([]);
    for (const kind of ['rloo', 'best_of_n', 'self_instruct', 'import']) expect(store.jobs.create({ kind: kind as 'rloo', config: {} }).kind).toBe(kind);
    // job_metrics still cascades from jobs
    db.prepare('DELETE FROM jobs WHERE id = 2').run();
    expect(db.prepare('SELECT count(*) FROM job_metrics WHERE job_id = 2').pluck().get()).toBe(0);
    db.close();
  });

  it('claims queued jobs oldest first, records progress and metric curves, ends a job once', () => {
    const store = createStore(openDatabase(':memory:'));
    const a = store.jobs.create({ kind: 'rm', config: { epochs: 1 } });
    const b = store.jobs.create({ kind: 'ppo', config: {} });
    expect(store.jobs.claimNext()).toMatchObject({ id: a.id, status: 'running' });
    expect(store.jobs.claimNext()).toMatchObject({ id: b.id, status: 'running' });
    expect(store.jobs.claimNext()).toBeUndefined();

    store.jobs.setProgress(a.id, 0.25, 'step 1/4');
    store.jobs.setProgress(a.id, 0.5);
    store.jobs.appendMetrics(a.id, [{ step: 2, 'loss/train': 1.5 }, { step: 1, 'loss/train': 2, 'val/acc': 0.5 }]);
    store.jobs.appendMetrics(a.id, [{ step: 3, 'loss/train': 1.25 }]);
    expect(store.jobs.get(a.id)).toMatchObject({ progress: 0.5, message: 'step 1/4', metrics: { step: 3, 'loss/train': 1.25 } });
    expect(store.jobs.series(a.id)).toEqual({ 'loss/train': [[1, 2], [2, 1.5], [3, 1.25]], 'val/acc': [[1, 0.5]] });

    expect(store.jobs.finish(a.id, { status: 'succeeded', result: { version: 3 } })).toBe(true);
    expect(store.jobs.finish(a.id, { status: 'failed', error: 'late' })).toBe(false);
    expect(store.jobs.get(a.id)).toMatchObject({ status: 'succeeded', progress: 1, result: { version: 3 }, error: null });

    expect(store.jobs.markInterrupted()).toBe(1);
    expect(store.jobs.get(b.id)).toMatchObject({ status: 'interrupted', error: expect.any(String) });
    store.db.close();
  });

  it('lists newest first with status and kind filters', () => {
    const store = createStore(openDatabase(':memory:'));
    const ids = ['rm', 'ppo', 'rm', 'dpo'].map((kind) => store.jobs.create({ kind: kind as 'rm', config: {} }).id);
    store.jobs.claimNext();
    expect(store.jobs.page(page)).toMatchObject({ total: 4, items: [...ids].reverse().map((id) => ({ id })) });
    expect(store.jobs.page({ ...page, kind: 'rm' }).items.map((j) => j.id)).toEqual([ids[2], ids[0]]);
    expect(store.jobs.page({ ...page, status: 'running' }).items.map((j) => j.id)).toEqual([ids[0]]);
    expect(store.jobs.page({ ...page, status: 'queued', kind: 'rm' }).items.map((j) => j.id)).toEqual([ids[2]]);
    expect(store.jobs.page({ limit: 2, offset: 1 })).toMatchObject({ total: 4, items: [{ id: ids[2] }, { id: ids[1] }] });
    expect(store.jobs.hasActive('rm')).toBe(true);
    expect(store.jobs.hasActive('sft')).toBe(false);
    store.db.close();
  });
});
