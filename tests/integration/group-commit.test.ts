import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createStore } from '../../server/store';
import { openDatabase } from '../../server/store/db';
import { GroupCommit } from '../../server/store/groupCommit';

describe('group commit', () => {
  const dir = mkdtempSync(join(tmpdir(), 'prefloop-group-'));
  const store = createStore(openDatabase(join(dir, 'g.db')));
  const writes = new GroupCommit(store);
  const insert = store.db.prepare("INSERT INTO settings (key, value) VALUES (?, '1')");
  const keys = () => store.db.prepare("SELECT key FROM settings WHERE key LIKE 'g%' ORDER BY key").pluck().all();
  afterAll(() => {
    store.db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('commits the writes of one turn together, rolling back only the one that failed', async () => {
    const observer = openDatabase(join(dir, 'g.db')); // data_version moves once per commit of another connection
    const version = () => observer.pragma('data_version', { simple: true }) as number;
    const before = version();
    const results = await Promise.allSettled([
      writes.run(() => insert.run('g1').changes),
      writes.run(() => {
        insert.run('g2');
        throw new Error('refused'); // its insert must not survive
      }),
      writes.run(() => insert.run('g3').changes),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason.message).toBe('refused');
    expect(keys()).toEqual(['g1', 'g3']);
    expect(version() - before).toBe(1); // one commit for the three
    observer.close();
  });

  it('rejects every write of the group when the commit itself fails, storing none', async () => {
    const results = await Promise.allSettled([
      writes.run(() => insert.run('g4')),
      writes.run(() => insert.run('g1')), // duplicate primary key: fails alone
      writes.run(() => store.db.exec('ROLLBACK')), // ends the group's transaction under it
    ]);
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    expect(keys()).toEqual(['g1', 'g3']);
    // and the next group works
    await writes.run(() => insert.run('g5'));
    expect(keys()).toEqual(['g1', 'g3', 'g5']);
  });
});
