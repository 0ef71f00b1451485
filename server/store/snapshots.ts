// Dataset snapshots: the rows that describe frozen export files (the files themselves: server/snapshots).
import type { Database } from 'better-sqlite3';
import type { Page } from '../../shared/schemas/common';
import type { ExportFormat } from '../../shared/schemas/exports';
import type { Snapshot } from '../../shared/schemas/snapshots';

interface SnapshotRow {
  id: number;
  name: string;
  version: number;
  format: ExportFormat;
  filters: string;
  file: string;
  sha256: string;
  bytes: number;
  row_count: number;
  skipped: number;
  created_by_name: string | null;
  created_at: string;
}

const COLUMNS = `s.id, s.name, s.version, s.format, s.filters, s.file, s.sha256, s.bytes, s.row_count, s.skipped,
  u.name AS created_by_name, s.created_at`;
const FROM = 'FROM snapshots s LEFT JOIN users u ON u.id = s.created_by';

/** A snapshot as the API shows it, plus the file name inside the snapshots folder. */
export type StoredSnapshot = Snapshot & { file: string };

const toSnapshot = (r: SnapshotRow): StoredSnapshot => ({
  id: r.id,
  name: r.name,
  version: r.version,
  format: r.format,
  filters: JSON.parse(r.filters) as Record<string, unknown>,
  file: r.file,
  sha256: r.sha256,
  bytes: r.bytes,
  rows: r.row_count,
  skipped: r.skipped,
  createdBy: r.created_by_name,
  createdAt: r.created_at,
});

export interface NewSnapshot {
  name: string;
  format: ExportFormat;
  filters: Record<string, unknown>;
  sha256: string;
  bytes: number;
  rows: number;
  skipped: number;
  createdBy: number | null;
  createdAt: string;
}

export function snapshotsRepo(db: Database) {
  const q = {
    nextVersion: db.prepare<[string], number>('SELECT COALESCE(MAX(version), 0) + 1 FROM snapshots WHERE name = ?').pluck(),
    insert: db.prepare(
      `INSERT INTO snapshots (name, version, format, filters, file, sha256, bytes, row_count, skipped, created_by, created_at)
       VALUES (@name, @version, @format, @filters, @file, @sha256, @bytes, @rows, @skipped, @createdBy, @createdAt)`,
    ),
    byId: db.prepare<[number], SnapshotRow>(`SELECT ${COLUMNS} ${FROM} WHERE s.id = ?`),
    byName: db.prepare<[{ name: string; version: number | null }], SnapshotRow>(
      `SELECT ${COLUMNS} ${FROM} WHERE s.name = @name AND (@version IS NULL OR s.version = @version) ORDER BY s.version DESC LIMIT 1`,
    ),
    page: db.prepare<[{ name: string | null; limit: number; offset: number }], SnapshotRow>(
      `SELECT ${COLUMNS} ${FROM} WHERE @name IS NULL OR s.name = @name ORDER BY s.id DESC LIMIT @limit OFFSET @offset`,
    ),
    count: db.prepare<[{ name: string | null }], number>('SELECT count(*) FROM snapshots WHERE @name IS NULL OR name = @name').pluck(),
  };

  return {
    /**
     * Records a snapshot as its name's next version; `fileOf(version)` names its file (call inside a
     * transaction, so that two snapshots of one name cannot take the same version).
     */
    insert(s: NewSnapshot, fileOf: (version: number) => string): StoredSnapshot {
      const version = q.nextVersion.get(s.name) as number;
      const id = Number(q.insert.run({ ...s, version, filters: JSON.stringify(s.filters), file: fileOf(version) }).lastInsertRowid);
      return toSnapshot(q.byId.get(id) as SnapshotRow);
    },
    byId(id: number): StoredSnapshot | undefined {
      const row = q.byId.get(id);
      return row && toSnapshot(row);
    },
    /** A name's given version, or its newest one. */
    byName(name: string, version: number | null = null): StoredSnapshot | undefined {
      const row = q.byName.get({ name, version });
      return row && toSnapshot(row);
    },
    page(query: { name?: string; limit: number; offset: number }): Page<StoredSnapshot> {
      const name = query.name ?? null;
      return { items: q.page.all({ name, limit: query.limit, offset: query.offset }).map(toSnapshot), total: q.count.get({ name }) as number, limit: query.limit, offset: query.offset };
    },
  };
}
