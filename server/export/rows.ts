// The exportable labels, streamed from SQLite a page of comparisons at a time and handed over a comparison at
// a time (its labels together, for majority and agreement). Each page is read with .iterate() and handed over
// before the caller awaits anything: an open iterator would keep the connection busy for every other request.
import type { Database } from 'better-sqlite3';
import type { ExportQuery } from '../../shared/schemas/exports';
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

interface JoinRow {
  label_id: number;
  comparison_id: number;
  prompt_id: number;
  prompt_text: string;
  prompt_messages: string | null;
  text_a: string;
  text_b: string;
  model_a: string;
  model_b: string;
  annotator: string;
  choice: LabelRow['choice'];
  strength: number;
  shown_order: LabelRow['shownOrder'];
  time_ms: number;
  created_at: string;
  kind: LabelRow['kind'];
}

export type ExportFilters = Pick<ExportQuery, 'since' | 'until' | 'policyVersion' | 'kind' | 'minAgreement'>;

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

const toLabel = (r: JoinRow): ExportLabel => ({
  labelId: r.label_id,
  comparisonId: r.comparison_id,
  promptId: r.prompt_id,
  prompt: r.prompt_messages ? (JSON.parse(r.prompt_messages) as Message[]) : r.prompt_text,
  promptText: r.prompt_text,
  responseA: r.text_a,
  responseB: r.text_b,
  modelA: r.model_a,
  modelB: r.model_b,
  annotator: r.annotator,
  choice: r.choice,
  strength: r.strength,
  shownOrder: r.shown_order,
  timeMs: r.time_ms,
  createdAt: r.created_at,
  kind: r.kind,
});

/** Share of a comparison's labels that made its most common choice (1 when they all agree). */
export function agreementOf(labels: LabelRow[]): number {
  const counts = new Map<string, number>();
  for (const l of labels) counts.set(l.choice, (counts.get(l.choice) ?? 0) + 1);
  return Math.max(...counts.values()) / labels.length;
}

/**
 * Reads the filtered labels a page of comparisons at a time. `readPage` hands each comparison with labels (that
 * passes minAgreement) to `onComparison`, synchronously; it returns false once everything is handed over.
 */
export function exportReader(db: Database, filters: ExportFilters, pageSize = 500) {
  const page = db.prepare<Record<string, unknown>, JoinRow>(PAGE_SQL);
  const pageEnd = db.prepare<[number, number], number>(PAGE_END_SQL).pluck();
  const params = {
    maxId: db.prepare('SELECT COALESCE(MAX(id), 0) FROM labels').pluck().get() as number,
    kind: filters.kind ?? null,
    policyVersion: filters.policyVersion ?? null,
    since: filters.since ?? null,
    until: filters.until ?? null,
  };
  let after = 0;
  let done = false;

  return {
    readPage(onComparison: (labels: ExportLabel[]) => void): boolean {
      if (done) return false;
      const last = pageEnd.get(after, pageSize - 1) as number | undefined;
      done = last === undefined;
      let group: ExportLabel[] = [];
      const flush = () => {
        if (group.length > 0 && agreementOf(group) >= (filters.minAgreement ?? 0)) onComparison(group);
        group = [];
      };
      for (const row of page.iterate({ ...params, after, last: last ?? Number.MAX_SAFE_INTEGER })) {
        if (group.length > 0 && group[0].comparisonId !== row.comparison_id) flush();
        group.push(toLabel(row));
      }
      flush();
      after = last ?? after;
      return !done;
    },
  };
}
