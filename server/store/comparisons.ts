import type { Database } from 'better-sqlite3';
import type { AdminComparison } from '../../shared/schemas/admin';
import type { Page } from '../../shared/schemas/common';
import type { Choice } from '../../shared/schemas/labels';
import type { ComparisonKind } from '../../shared/schemas/queue';

export interface NewComparison {
  promptId: number;
  responseA: number;
  responseB: number;
  kind: ComparisonKind;
  priority: number;
  overlapTarget: number;
  goldAnswer?: Choice;
  uncertainty?: number | null; // reward-model ensemble disagreement; the queue asks the highest first
}

/** What label submission needs to know about a comparison. */
export interface ComparisonState {
  id: number;
  kind: ComparisonKind;
  status: 'open' | 'complete' | 'retired';
  labelCount: number;
  overlapTarget: number;
}

export interface ComparisonFilter {
  limit: number;
  offset: number;
  status?: AdminComparison['status'];
  kind?: ComparisonKind;
}

/** Texts in admin lists are cut to this many characters (+ '…'); GET /api/admin/comparisons/:id has them whole. */
export const LIST_TEXT_CHARS = 2_000;

const MODEL_OF = (r: string) => `COALESCE(${r}.model_name, 'policy:v' || (SELECT version FROM policies WHERE id = ${r}.policy_id))`;

export function comparisonsRepo(db: Database) {
  const q = {
    insert: db.prepare(
      `INSERT INTO comparisons (prompt_id, response_a, response_b, kind, priority, overlap_target, gold_answer, uncertainty)
       VALUES (@promptId, @responseA, @responseB, @kind, @priority, @overlapTarget, @goldAnswer, @uncertainty)`,
    ),
    pairExists: db
      .prepare<[number, number, number, number], number>(
        `SELECT 1 FROM comparisons WHERE (response_a = ? AND response_b = ?) OR (response_a = ? AND response_b = ?)`,
      )
      .pluck(),
    state: db.prepare<[number], ComparisonState>(
      'SELECT id, kind, status, label_count AS labelCount, overlap_target AS overlapTarget FROM comparisons WHERE id = ?',
    ),
    // Gold pairs are asked of every annotator, so they never complete.
    countLabel: db.prepare<[number]>(
      `UPDATE comparisons SET label_count = label_count + 1,
         status = CASE WHEN kind <> 'gold' AND status = 'open' AND label_count + 1 >= overlap_target
                       THEN 'complete' ELSE status END
       WHERE id = ?`,
    ),
    setGold: db.prepare<[Choice, number]>("UPDATE comparisons SET kind = 'gold', gold_answer = ?, status = 'open' WHERE id = ?"),
    setOverlap: db.prepare<[number]>("UPDATE comparisons SET overlap_target = ? WHERE status = 'open' AND kind <> 'gold'"),
    completeReached: db.prepare(
      "UPDATE comparisons SET status = 'complete' WHERE status = 'open' AND kind <> 'gold' AND label_count >= overlap_target",
    ),
    // one character past the cut, so that a cut text can be told from one of exactly that length
    page: db.prepare(
      `SELECT c.id, c.prompt_id, substr(p.text, 1, @cut) AS prompt_text, c.response_a, ${MODEL_OF('ra')} AS model_a,
              substr(ra.text, 1, @cut) AS text_a, c.response_b, ${MODEL_OF('rb')} AS model_b, substr(rb.text, 1, @cut) AS text_b,
              c.kind, c.gold_answer, c.priority, c.uncertainty, c.overlap_target, c.label_count, c.status, c.created_at
       FROM comparisons c
       JOIN prompts p ON p.id = c.prompt_id
       JOIN responses ra ON ra.id = c.response_a
       JOIN responses rb ON rb.id = c.response_b
       WHERE (@status IS NULL OR c.status = @status) AND (@kind IS NULL OR c.kind = @kind)
       ORDER BY c.id LIMIT @limit OFFSET @offset`,
    ),
    byId: db.prepare(
      `SELECT c.id, c.prompt_id, p.text AS prompt_text, c.response_a, ${MODEL_OF('ra')} AS model_a, ra.text AS text_a,
              c.response_b, ${MODEL_OF('rb')} AS model_b, rb.text AS text_b, c.kind, c.gold_answer, c.priority,
              c.uncertainty, c.overlap_target, c.label_count, c.status, c.created_at
       FROM comparisons c
       JOIN prompts p ON p.id = c.prompt_id
       JOIN responses ra ON ra.id = c.response_a
       JOIN responses rb ON rb.id = c.response_b
       WHERE c.id = ?`,
    ),
    total: db
      .prepare('SELECT count(*) FROM comparisons WHERE (@status IS NULL OR status = @status) AND (@kind IS NULL OR kind = @kind)')
      .pluck(),
  };

  return {
    insert(c: NewComparison): number {
      return Number(q.insert.run({ ...c, goldAnswer: c.goldAnswer ?? null, uncertainty: c.uncertainty ?? null }).lastInsertRowid);
    },
    /** Either order counts: a/b is only a storage order. */
    pairExists: (a: number, b: number) => q.pairExists.get(a, b, b, a) !== undefined,
    state: (id: number) => q.state.get(id),
    countLabel: (id: number) => void q.countLabel.run(id),
    setGold: (id: number, answer: Choice) => q.setGold.run(answer, id).changes > 0,
    /** A new overlap k applies to every comparison still open; those that already have k labels complete. */
    applyOverlap(overlap: number): void {
      q.setOverlap.run(overlap);
      q.completeReached.run();
    },
    page(filter: ComparisonFilter): Page<AdminComparison> {
      const params = { status: filter.status ?? null, kind: filter.kind ?? null, limit: filter.limit, offset: filter.offset };
      const rows = q.page.all({ ...params, cut: LIST_TEXT_CHARS + 1 }) as Record<string, never>[];
      const items = rows.map((row) => cutTexts(toAdminComparison(row)));
      return { items, total: q.total.get(params) as number, limit: filter.limit, offset: filter.offset };
    },
    /** One comparison with its texts whole (the admin detail route). */
    byId(id: number): AdminComparison | undefined {
      const row = q.byId.get(id) as Record<string, never> | undefined;
      return row && toAdminComparison(row);
    },
  };
}

export const cut = (text: string) => (text.length > LIST_TEXT_CHARS ? `${text.slice(0, LIST_TEXT_CHARS)}…` : text);

export function cutTexts(c: AdminComparison): AdminComparison {
  return { ...c, promptText: cut(c.promptText), responseA: { ...c.responseA, text: cut(c.responseA.text) }, responseB: { ...c.responseB, text: cut(c.responseB.text) } };
}

export function toAdminComparison(r: Record<string, never>): AdminComparison {
  return {
    id: r.id,
    promptId: r.prompt_id,
    promptText: r.prompt_text,
    responseA: { id: r.response_a, model: r.model_a, text: r.text_a },
    responseB: { id: r.response_b, model: r.model_b, text: r.text_b },
    kind: r.kind,
    goldAnswer: r.gold_answer,
    priority: r.priority,
    uncertainty: r.uncertainty,
    overlapTarget: r.overlap_target,
    labelCount: r.label_count,
    status: r.status,
    createdAt: r.created_at,
  };
}
