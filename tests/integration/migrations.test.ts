import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate } from '../../server/store/migrate';
import { counterDrift, repoRoot } from '../helpers/app';

describe('migrations', () => {
  const dir = mkdtempSync(join(tmpdir(), 'prefloop-migrate-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('upgrades a v1 database with data in place, once', () => {
    const v1 = join(dir, 'v1');
    const all = join(repoRoot, 'db/migrations');
    mkdirSync(v1);
    copyFileSync(join(all, '0001_init.sql'), join(v1, '0001_init.sql'));
    const db = new Database(join(dir, 'old.db'));
    db.pragma('foreign_keys = ON');
    expect(migrate(db, v1)).toEqual([1]);
    db.exec(`
      INSERT INTO users (id, name, role, password_hash) VALUES (1, 'ann', 'annotator', 'x'), (2, 'bob', 'annotator', 'x');
      INSERT INTO prompts (id, text, text_hash) VALUES (1, 'p', 'h1');
      INSERT INTO responses (id, prompt_id, model_name, text) VALUES (1, 1, 'a', 'x'), (2, 1, 'b', 'y'), (3, 1, 'c', 'z');
      INSERT INTO comparisons (id, prompt_id, response_a, response_b, overlap_target) VALUES (1, 1, 1, 2, 2), (2, 1, 1, 3, 1);
      INSERT INTO assignments (comparison_id, user_id, shown_order, expires_at, state) VALUES (1, 1, 'ab', '2100-01-01', 'leased'), (1, 2, 'ba', '2100-01-01', 'leased');
    `);
    // every later migration file, in order (0002_… → 2)
    const later = readdirSync(all).filter((f) => /^\d{4}_.*\.sql$/.test(f)).map((f) => Number(f.slice(0, 4))).filter((v) => v > 1).sort((a, b) => a - b);
    expect(later.slice(0, 3)).toEqual([2, 3, 4]);
    expect(migrate(db, all)).toEqual(later);
    expect(migrate(db, all)).toEqual([]);
    expect(db.prepare('SELECT id, leased_count FROM comparisons ORDER BY id').all()).toEqual([
      { id: 1, leased_count: 2 },
      { id: 2, leased_count: 0 },
    ]);
    expect(counterDrift(db)).toEqual({});
    expect(db.prepare('SELECT version FROM schema_version ORDER BY version').pluck().all()).toEqual([1, ...later]);
    db.close();
  });
});
