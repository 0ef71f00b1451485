// What the annotator-quality page reads: the annotators (paged), every label in compact chunks for the
// agreement statistics (server/labels/annotator-stats.ts), and one annotator's recent labels.
// `labels` holds the current version of each label only (0006_label_versions.sql), so that is what is judged.
import type { Database } from 'better-sqlite3';
import type { AnnotatorLabel } from '../../shared/schemas/annotators';
import type { PublicUser } from '../../shared/schemas/auth';
import type { Page } from '../../shared/schemas/common';
import type { Choice } from '../../shared/schemas/labels';
import type { ShownOrder } from '../../shared/schemas/queue';
import { PUBLIC_USER_COLUMNS, toPublicUser } from './users';

/** One label as the statistics need it: [id, user id, comparison id, choice, time ms, shown order, gold answer of a gold pair]. */
export type LabelFactRow = [id: number, userId: number, comparisonId: number, choice: Choice, timeMs: number, shownOrder: ShownOrder, goldAnswer: Choice | null];

/** Annotators: every user with the annotator role, and anyone else (an admin) who has labelled. */
const ANNOTATORS = "FROM users u WHERE u.role = 'annotator' OR EXISTS (SELECT 1 FROM labels l WHERE l.user_id = u.id)";

export function annotatorStatsRepo(db: Database) {
  const q = {
    page: db.prepare(`SELECT ${PUBLIC_USER_COLUMNS} ${ANNOTATORS} ORDER BY u.name LIMIT ? OFFSET ?`),
    total: db.prepare<[], number>(`SELECT count(*) ${ANNOTATORS}`).pluck(),
    // keyset over the primary key: each chunk is one short index range, however many labels there are
    // rows as arrays (raw): 10⁶ labels are read, so no object per row
    chunk: db
      .prepare<[number, number], LabelFactRow>(
        `SELECT l.id, l.user_id, l.comparison_id, l.choice, l.time_ms, l.shown_order, CASE WHEN c.kind = 'gold' THEN c.gold_answer END
         FROM labels l JOIN comparisons c ON c.id = l.comparison_id
         WHERE l.id > ? ORDER BY l.id LIMIT ?`,
      )
      .raw(),
    recent: db.prepare(
      `SELECT l.id, l.comparison_id, c.kind, substr(p.text, 1, 200) AS prompt, l.choice, l.strength, l.shown_order,
              l.time_ms, l.rationale, CASE WHEN c.kind = 'gold' THEN c.gold_answer END AS gold_answer, c.label_count,
              l.created_at
       FROM labels l JOIN comparisons c ON c.id = l.comparison_id JOIN prompts p ON p.id = c.prompt_id
       WHERE l.user_id = ? ORDER BY l.id DESC LIMIT ?`,
    ),
  };

  return {
    /** A page of annotators, by name. */
    page(limit: number, offset: number): Page<PublicUser> {
      const items = (q.page.all(limit, offset) as Parameters<typeof toPublicUser>[0][]).map(toPublicUser);
      return { items, total: q.total.get() as number, limit, offset };
    },
    /** Up to `limit` labels with ids above `afterId`, in id order (the next chunk starts after the last one's id). */
    labelChunk: (afterId: number, limit: number): LabelFactRow[] => q.chunk.all(afterId, limit),
    /** The user's newest labels, newest first. */
    recentLabels(userId: number, limit: number): AnnotatorLabel[] {
      return (q.recent.all(userId, limit) as Record<string, never>[]).map((r) => ({
        id: r.id,
        comparisonId: r.comparison_id,
        kind: r.kind,
        prompt: r.prompt,
        choice: r.choice,
        strength: r.strength,
        shownOrder: r.shown_order,
        timeMs: r.time_ms,
        rationale: r.rationale,
        goldAnswer: r.gold_answer,
        labelCount: r.label_count,
        createdAt: r.created_at,
      }));
    },
  };
}

export type AnnotatorStatsRepo = ReturnType<typeof annotatorStatsRepo>;
