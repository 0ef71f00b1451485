import type { Database } from 'better-sqlite3';
import type { RawLabel } from '../../shared/schemas/admin';
import type { Page } from '../../shared/schemas/common';
import type { Choice } from '../../shared/schemas/labels';
import type { ShownOrder } from '../../shared/schemas/queue';

export interface NewLabel {
  comparisonId: number;
  assignmentId: number;
  userId: number;
  choice: Choice;
  strength: number;
  rationale: string | null;
  shownOrder: ShownOrder;
  timeMs: number;
  idempotencyKey: string;
  createdAt: string;
}

export interface StoredLabelKey {
  id: number;
  userId: number;
  comparisonId: number;
  choice: Choice;
}

export interface LabelFilter {
  limit: number;
  offset: number;
  userId?: number;
  comparisonId?: number;
}

export function labelsRepo(db: Database) {
  const q = {
    byKey: db.prepare<[string], StoredLabelKey>('SELECT id, user_id AS userId, comparison_id AS comparisonId, choice FROM labels WHERE idempotency_key = ?'),
    insert: db.prepare(
      `INSERT INTO labels (comparison_id, assignment_id, user_id, choice, strength, rationale, shown_order, time_ms,
                           idempotency_key, created_at)
       VALUES (@comparisonId, @assignmentId, @userId, @choice, @strength, @rationale, @shownOrder, @timeMs,
               @idempotencyKey, @createdAt)`,
    ),
    page: db.prepare(
      `SELECT l.id, l.comparison_id, l.user_id, u.name AS user_name, l.choice, l.strength, l.rationale, l.shown_order,
              l.time_ms, l.idempotency_key, l.created_at
       FROM labels l JOIN users u ON u.id = l.user_id
       WHERE (@userId IS NULL OR l.user_id = @userId) AND (@comparisonId IS NULL OR l.comparison_id = @comparisonId)
       ORDER BY l.id DESC LIMIT @limit OFFSET @offset`,
    ),
    total: db
      .prepare(
        `SELECT count(*) FROM labels
         WHERE (@userId IS NULL OR user_id = @userId) AND (@comparisonId IS NULL OR comparison_id = @comparisonId)`,
      )
      .pluck(),
  };

  return {
    byKey: (key: string) => q.byKey.get(key),
    insert: (label: NewLabel) => Number(q.insert.run(label).lastInsertRowid),
    page(filter: LabelFilter): Page<RawLabel> {
      const params = { ...filter, userId: filter.userId ?? null, comparisonId: filter.comparisonId ?? null };
      const rows = q.page.all(params) as Record<string, never>[];
      const items = rows.map(
        (r): RawLabel => ({
          id: r.id,
          comparisonId: r.comparison_id,
          userId: r.user_id,
          userName: r.user_name,
          choice: r.choice,
          strength: r.strength,
          rationale: r.rationale,
          shownOrder: r.shown_order,
          timeMs: r.time_ms,
          idempotencyKey: r.idempotency_key,
          createdAt: r.created_at,
        }),
      );
      return { items, total: q.total.get(params) as number, limit: filter.limit, offset: filter.offset };
    },
  };
}
