import type { Database } from 'better-sqlite3';

export interface NewPolicy {
  kind: 'builtin' | 'gpt2' | 'external';
  checkpointPath: string | null;
  parentId?: number;
  config?: unknown;
  metrics?: unknown;
}

export interface PolicyRow {
  id: number;
  version: number;
  kind: NewPolicy['kind'];
  checkpointPath: string | null;
  active: boolean;
}

export function policiesRepo(db: Database) {
  const q = {
    nextVersion: db.prepare<[], number>('SELECT COALESCE(MAX(version), 0) + 1 FROM policies').pluck(),
    insert: db.prepare(
      `INSERT INTO policies (version, parent_id, kind, checkpoint_path, config, metrics, active)
       VALUES (@version, @parentId, @kind, @checkpointPath, @config, @metrics, 0)`,
    ),
    deactivateAll: db.prepare('UPDATE policies SET active = 0 WHERE active = 1'),
    activate: db.prepare<[number]>('UPDATE policies SET active = 1 WHERE id = ?'),
    active: db.prepare<[], { id: number; version: number; kind: NewPolicy['kind']; checkpointPath: string | null; active: number }>(
      `SELECT id, version, kind, checkpoint_path AS checkpointPath, active FROM policies WHERE active = 1`,
    ),
  };
  return {
    /** A new version (max + 1), not active yet. Call inside a transaction. */
    register(p: NewPolicy): { id: number; version: number } {
      const version = q.nextVersion.get() as number;
      const info = q.insert.run({
        version,
        parentId: p.parentId ?? null,
        kind: p.kind,
        checkpointPath: p.checkpointPath,
        config: JSON.stringify(p.config ?? {}),
        metrics: JSON.stringify(p.metrics ?? {}),
      });
      return { id: Number(info.lastInsertRowid), version };
    },
    /** Exactly one policy is active at a time. Call inside a transaction. */
    activate(id: number): void {
      q.deactivateAll.run();
      q.activate.run(id);
    },
    active(): PolicyRow | undefined {
      const row = q.active.get();
      return row && { ...row, active: row.active === 1 };
    },
  };
}
