// bench:labels' yardstick: the server's label rows re-inserted with raw better-sqlite3 into a fresh database,
// one transaction per row as the server commits them, measured in the same run.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openDatabase } from '../../server/store/db';

const COLUMNS = 'comparison_id, assignment_id, user_id, choice, strength, rationale, shown_order, time_ms, idempotency_key, created_at';

export function rawInsertRate(serverDb: string, dir: string): { perSecond: number; rows: number } {
  const source = new Database(serverDb, { readonly: true });
  const rows = source.prepare(`SELECT ${COLUMNS} FROM labels`).all();
  source.close();
  const db = openDatabase(join(dir, 'raw.db'));
  db.pragma('foreign_keys = OFF'); // the fresh database has no users or comparisons to point at
  db.pragma('wal_autocheckpoint = 0'); // as on the server, whose checkpoints run on a worker thread
  const insert = db.prepare(`INSERT INTO labels (${COLUMNS}) VALUES (${COLUMNS.split(', ').map((c) => `@${c}`).join(', ')})`);
  const one = db.transaction((row: unknown) => insert.run(row));
  const started = performance.now();
  for (const row of rows) one(row);
  const seconds = (performance.now() - started) / 1000;
  db.close();
  return { perSecond: rows.length / seconds, rows: rows.length };
}
