// The exportable labels, a page of comparisons at a time (server/export streams them). Pages are read with
// .iterate(): the caller consumes each one before it awaits anything, or the open iterator would keep the
// connection busy for every other request.
import type { Database } from 'better-sqlite3';
import type { Message } from '../ml/model/chat-template';
import type { LabelRow } from '../ml/reward/dataset';

/** A label as exports see it: the reward dataset's row plus who, when and which models. */
export interface ExportLabel extends LabelRow {
  promptText: string; // the last user turn (the whole prompt when single-turn)
  modelA: string; // policy:vN or the external model's name
  modelB: string;
  annotator: string;
  timeMs: number;
  createdAt: string;
}

/** Which labels an export reads (null: no filter). */
export interface ExportPageFilter {
  kind: LabelRow['kind'] | null;
  policyVersion: number | null;
  since: string | null;
  until: string | null;
  /** labels after this id were stored after the export started: left out */
  maxLabelId: number;
}

/** A page row, in PAGE_SQL's column order: read as an array (.raw), a quarter faster than an object per row at 10^6 labels. */
type JoinRow = [
  labelId: number,
  comparisonId: number,
  promptId: number,
  promptText: string,
  promptMessages: string | null,
  textA: string,
  textB: string,
  modelA: string,
  modelB: string,
  annotator: string,
  choice: LabelRow['choice'],
  strength: number,
  shownOrder: LabelRow['shownOrder'],
  timeMs: number,
  createdAt: string,
  kind: LabelRow['kind'],
];

/**
 * The labels of the comparisons in (@after, @last], in (comparison, label) order. Comparisons drive the join
 * (CROSS JOIN keeps that order), so a page costs its own size; the id cap fixes the labels at the export's start.
 */
const PAGE_SQL = `
  SELECT l.id AS label_id, l.comparison_id, c.prompt_id, p.text AS prompt_text, p.messages AS prompt_messages,
         ra.text AS text_a, rb.text AS text_b,
         COALESCE('policy:v' || pa.version, ra.model_name) AS model_a, COALESCE('policy:v' || pb.version, rb.model_name) AS model_b,
         u.name AS annotator, l.choice, l.strength, l.shown_order, l.time_ms, l.created_at, c.kind
  FROM comparisons c
  CROSS JOIN labels l ON l.comparison_id = c.id
  JOIN prompts p ON p.id = c.prompt_id
  JOIN responses ra ON ra.id = c.response_a
  JOIN responses rb ON rb.id = c.response_b
  LEFT JOIN policies pa ON pa.id = ra.policy_id
  LEFT JOIN policies pb ON pb.id = rb.policy_id
  JOIN users u ON u.id = l.user_id
  WHERE c.id > @after AND c.id <= @last AND c.status <> 'retired' AND l.id <= @maxId
    AND (@kind IS NULL OR c.kind = @kind)
    AND (@policyVersion IS NULL OR pa.version = @policyVersion OR pb.version = @policyVersion)
    AND (@since IS NULL OR l.created_at >= @since)
    AND (@until IS NULL OR l.created_at < @until)
  ORDER BY c.id, l.id`;

/** The last comparison id of the page that starts after `after` (its pageSize-th), or none when fewer are left. */
const PAGE_END_SQL = 'SELECT id FROM comparisons WHERE id > ? ORDER BY id LIMIT 1 OFFSET ?';

const toLabel = ([labelId, comparisonId, promptId, promptText, promptMessages, textA, textB, modelA, modelB, annotator, choice, strength, shownOrder, timeMs, createdAt, kind]: JoinRow): ExportLabel => ({
  labelId,
  comparisonId,
  promptId,
  prompt: promptMessages ? (JSON.parse(promptMessages) as Message[]) : promptText,
  promptText,
  responseA: textA,
  responseB: textB,
  modelA,
  modelB,
  annotator,
  choice,
  strength,
  shownOrder,
  timeMs,
  createdAt,
  kind,
});

export function exportLabelsRepo(db: Database) {
  const q = {
    page: db.prepare<Record<string, unknown>, JoinRow>(PAGE_SQL).raw(true),
    pageEnd: db.prepare<[number, number], number>(PAGE_END_SQL).pluck(),
    maxLabelId: db.prepare<[], number>('SELECT COALESCE(MAX(id), 0) FROM labels').pluck(),
  };
  return {
    maxLabelId: () => q.maxLabelId.get() as number,
    /** The last comparison id of the page of `size` comparisons after `after`; undefined when fewer are left. */
    pageEnd: (after: number, size: number) => q.pageEnd.get(after, size - 1) as number | undefined,
    /** The labels of the comparisons in (after, last], in (comparison, label) order. */
    *page(filter: ExportPageFilter, after: number, last: number): Generator<ExportLabel> {
      const { maxLabelId, ...rest } = filter;
      for (const row of q.page.iterate({ ...rest, maxId: maxLabelId, after, last })) yield toLabel(row);
    },
  };
}
