import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Database } from 'better-sqlite3';

const MIGRATIONS_DIR = fileURLToPath(new URL('../../db/migrations/', import.meta.url));

/** Files named NNNN_name.sql, applied in order, each in its own transaction, recorded in schema_version. */
export function migrate(db: Database, dir = MIGRATIONS_DIR): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_version (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
  )`);
  const applied: number[] = [];
  const isApplied = db.prepare('SELECT 1 FROM schema_version WHERE version = ?').pluck();
  const record = db.prepare('INSERT INTO schema_version (version, name) VALUES (?, ?)');
  for (const file of readdirSync(dir).filter((f) => /^\d+_.*\.sql$/.test(f)).sort()) {
    const version = Number.parseInt(file, 10);
    // IMMEDIATE: a second process starting at the same moment waits, then sees the version recorded.
    db.transaction(() => {
      if (isApplied.get(version)) return;
      db.exec(readFileSync(`${dir}/${file}`, 'utf8'));
      record.run(version, file);
      applied.push(version);
    }).immediate();
  }
  return applied;
}
