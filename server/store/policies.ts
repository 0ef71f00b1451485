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

/** A version with what admins see of it. */
export interface PolicyVersion extends PolicyRow {
  parentId: number | null;
  config: Record<string, unknown>;
  metrics: Record<string, unknown>;
  createdAt: string;
}

interface VersionRow {
  id: number;
  version: number;
  parentId: number | null;
  kind: NewPolicy['kind'];
  checkpointPath: string | null;
  config: string;
  metrics: string;
  createdAt: string;
  active: number;
}

const VERSION_COLUMNS = 'id, version, parent_id AS parentId, kind, checkpoint_path AS checkpointPath, config, metrics, created_at AS createdAt, active';
const toVersion = (r: VersionRow): PolicyVersion => ({ ...r, config: JSON.parse(r.config), metrics: JSON.parse(r.metrics), active: r.active === 1 });

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
    get: db.prepare<[number], VersionRow>(`SELECT ${VERSION_COLUMNS} FROM policies WHERE id = ?`),
    list: db.prepare<[number, number], VersionRow>(`SELECT ${VERSION_COLUMNS} FROM policies ORDER BY version DESC LIMIT ? OFFSET ?`),
    count: db.prepare<[], number>('SELECT COUNT(*) FROM policies').pluck(),
    versionExists: db.prepare<[number], number>('SELECT 1 FROM policies WHERE version = ?').pluck(),
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
    get(id: number): PolicyVersion | undefined {
      const row = q.get.get(id);
      return row && toVersion(row);
    },
    /** Newest first. */
    list({ limit, offset }: { limit: number; offset: number }) {
      return { items: q.list.all(limit, offset).map(toVersion), total: q.count.get() as number, limit, offset };
    },
    hasVersion: (version: number): boolean => q.versionExists.get(version) !== undefined,
    active(): PolicyRow | undefined {
      const row = q.active.get();
      return row && { ...row, active: row.active === 1 };
    },
  };
}
