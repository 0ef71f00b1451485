// What the admin Data page reads and writes: comparisons searched and filtered, with their labels and the
// versions those superseded; label distributions over the same filter; retiring; gold-pair edits. The reads also
// run on their own read-only connection in a worker thread (server/data-browser/), so they take no writes.
import type { Database } from 'better-sqlite3';
import type { AdminComparison } from '../../shared/schemas/admin';
import type { Page } from '../../shared/schemas/common';
import type { DataComparison, DataDistributions, DataFilter, DataLabel, LabelVersion } from '../../shared/schemas/data';
import type { Choice } from '../../shared/schemas/labels';
import { cutTexts, LIST_TEXT_CHARS, toAdminComparison } from './comparisons';

export type DataPageQuery = DataFilter & { limit: number; offset: number };

/** A response's model as the admin sees it: its external name, else `policy:vN`. */
const MODEL = (r: string, p: string) => `COALESCE(${r}.model_name, 'policy:v' || ${p}.version)`;

const FROM = `
  FROM comparisons c
  JOIN prompts p ON p.id = c.prompt_id
  JOIN responses ra ON ra.id = c.response_a
  JOIN responses rb ON rb.id = c.response_b
  LEFT JOIN policies pa ON pa.id = ra.policy_id
  LEFT JOIN policies pb ON pb.id = rb.policy_id`;

/**
 * A SQL function called once per comparison a read scans; it only returns 1. It is there because SQLite then
 * calls into JavaScript during the scan: a worker thread being terminated (a query past its time limit) stops at
 * the next row instead of when the statement ends, as terminate() alone would (it cannot stop native code).
 */
export const SCAN_CHECK = 'data_scan_check';

// One statement for every combination of filters: an absent one is NULL and its line is true. Text search is
// LIKE '%…%' (a scan of the filtered rows: see the README's Data page figures for what that costs).
const WHERE = `
  WHERE ${SCAN_CHECK}()
    AND (@kind IS NULL OR c.kind = @kind)
    AND (@status IS NULL OR c.status = @status)
    AND (@model IS NULL OR ${MODEL('ra', 'pa')} = @model OR ${MODEL('rb', 'pb')} = @model)
    AND (@pairing IS NULL OR (${MODEL('ra', 'pa')} = ${MODEL('rb', 'pb')}) = (@pairing = 'same'))
    AND (@annotator IS NULL OR EXISTS (SELECT 1 FROM labels l WHERE l.comparison_id = c.id AND l.user_id = @annotator))
    AND (@agreement IS NULL OR (c.label_count >= 2
         AND ((SELECT count(DISTINCT l.choice) FROM labels l WHERE l.comparison_id = c.id) = 1) = (@agreement = 'unanimous')))
    AND (@like IS NULL OR p.text LIKE @like ESCAPE '\\' OR ra.text LIKE @like ESCAPE '\\' OR rb.text LIKE @like ESCAPE '\\'
         OR EXISTS (SELECT 1 FROM labels l WHERE l.comparison_id = c.id AND l.rationale LIKE @like ESCAPE '\\'))`;

interface LabelRow {
  id: number;
  comparison_id: number;
  user_id: number;
  user_name: string;
  choice: Choice;
  strength: number;
  rationale: string | null;
  shown_order: DataLabel['shownOrder'];
  time_ms: number;
  created_at: string;
  version: number;
  changed_at: string | null;
}

interface VersionRow {
  label_id: number;
  version: number;
  choice: Choice;
  strength: number;
  rationale: string | null;
  made_at: string;
  superseded_at: string;
}

interface CountRow {
  choice: Choice;
  strength: number;
  shown_order: DataLabel['shownOrder'];
  n: number;
  changed: number;
}

/** '%text%' with LIKE's own wildcards taken literally (ESCAPE '\'); null for no search. */
export function likePattern(text: string | undefined): string | null {
  if (!text) return null;
  return `%${text.replace(/[\\%_]/g, '\\$&')}%`;
}

const paramsOf = (f: DataFilter) => ({
  kind: f.kind ?? null,
  status: f.status ?? null,
  model: f.model || null,
  pairing: f.pairing ?? null,
  annotator: f.annotator ?? null,
  agreement: f.agreement ?? null,
  like: likePattern(f.q),
});

/** The Data page's reads: pages of comparisons with their labels, and label distributions. */
export function dataBrowserReads(db: Database) {
  db.function(SCAN_CHECK, () => 1);
  const q = {
    // one character past the cut, so that a cut text can be told from one of exactly that length
    page: db.prepare(
      `SELECT c.id, c.prompt_id, substr(p.text, 1, @cut) AS prompt_text, c.response_a, ${MODEL('ra', 'pa')} AS model_a,
              substr(ra.text, 1, @cut) AS text_a, c.response_b, ${MODEL('rb', 'pb')} AS model_b, substr(rb.text, 1, @cut) AS text_b,
              c.kind, c.gold_answer, c.priority, c.uncertainty, c.overlap_target, c.label_count, c.status, c.created_at
       ${FROM} ${WHERE}
       ORDER BY c.id DESC LIMIT @limit OFFSET @offset`,
    ),
    total: db.prepare(`SELECT count(*) ${FROM} ${WHERE}`).pluck(),
    labels: db.prepare<[string], LabelRow>(
      `SELECT l.id, l.comparison_id, l.user_id, u.name AS user_name, l.choice, l.strength, l.rationale, l.shown_order,
              l.time_ms, l.created_at, l.version, l.changed_at
       FROM labels l JOIN users u ON u.id = l.user_id
       WHERE l.comparison_id IN (SELECT value FROM json_each(?))
       ORDER BY l.comparison_id, l.id`,
    ),
    versions: db.prepare<[string], VersionRow>(
      `SELECT label_id, version, choice, strength, rationale, made_at, superseded_at FROM label_versions
       WHERE label_id IN (SELECT value FROM json_each(?)) ORDER BY label_id, version`,
    ),
    // current labels only (label_versions holds the superseded ones); an annotator filter counts theirs alone
    counts: db.prepare<Record<string, unknown>, CountRow>(
      `SELECT l.choice, l.strength, l.shown_order, count(*) AS n, sum(l.version > 1) AS changed
       FROM labels l JOIN (SELECT c.id ${FROM} ${WHERE}) f ON f.id = l.comparison_id
       WHERE @annotator IS NULL OR l.user_id = @annotator
       GROUP BY l.choice, l.strength, l.shown_order`,
    ),
  };

  const labelsOf = (comparisonIds: number[]): Map<number, DataLabel[]> => {
    const rows = q.labels.all(JSON.stringify(comparisonIds));
    const history = new Map<number, LabelVersion[]>();
    for (const v of q.versions.all(JSON.stringify(rows.filter((r) => r.version > 1).map((r) => r.id)))) {
      const list = history.get(v.label_id) ?? [];
      list.push({ version: v.version, choice: v.choice, strength: v.strength, rationale: v.rationale, madeAt: v.made_at, supersededAt: v.superseded_at });
      history.set(v.label_id, list);
    }
    const byComparison = new Map<number, DataLabel[]>();
    for (const r of rows) {
      const list = byComparison.get(r.comparison_id) ?? [];
      list.push({
        id: r.id,
        userId: r.user_id,
        userName: r.user_name,
        choice: r.choice,
        strength: r.strength,
        rationale: r.rationale,
        shownOrder: r.shown_order,
        timeMs: r.time_ms,
        createdAt: r.created_at,
        version: r.version,
        changedAt: r.changed_at,
        history: history.get(r.id) ?? [],
      });
      byComparison.set(r.comparison_id, list);
    }
    return byComparison;
  };

  /** A page of the filtered comparisons, newest first, texts cut, each with its labels. */
  const page = (query: DataPageQuery): Page<DataComparison> => {
    const params = paramsOf(query);
    const rows = q.page.all({ ...params, cut: LIST_TEXT_CHARS + 1, limit: query.limit, offset: query.offset }) as Record<string, never>[];
    const comparisons: AdminComparison[] = rows.map((row) => cutTexts(toAdminComparison(row)));
    const labels = labelsOf(comparisons.map((c) => c.id));
    const items = comparisons.map((c) => ({ ...c, labels: labels.get(c.id) ?? [] }));
    return { items, total: q.total.get(params) as number, limit: query.limit, offset: query.offset };
  };

  const distributions = (filter: DataFilter): DataDistributions => {
    const d: DataDistributions = {
      labels: 0,
      choices: { a: 0, b: 0, tie: 0, both_bad: 0 },
      strengths: [0, 0, 0, 0],
      positionBias: { decided: 0, leftChosen: 0, leftShare: null },
      tieOrBothBadShare: null,
      changed: 0,
    };
    for (const r of q.counts.all(paramsOf(filter))) {
      d.labels += r.n;
      d.changed += r.changed;
      d.choices[r.choice] += r.n;
      d.strengths[r.strength] += r.n;
      if (r.choice === 'a' || r.choice === 'b') {
        d.positionBias.decided += r.n;
        // left is response_a when shown 'ab'
        if ((r.choice === 'a') === (r.shown_order === 'ab')) d.positionBias.leftChosen += r.n;
      }
    }
    const { decided, leftChosen } = d.positionBias;
    d.positionBias.leftShare = decided > 0 ? leftChosen / decided : null;
    d.tieOrBothBadShare = d.labels > 0 ? (d.choices.tie + d.choices.both_bad) / d.labels : null;
    return d;
  };

  // one read transaction: the page's rows, labels and total from the same snapshot of the database
  return { page: db.transaction(page), distributions };
}

/** The reads plus the Data page's writes: retiring, gold-pair edits. */
export function dataBrowserRepo(db: Database) {
  const q = {
    retire: db.prepare<[number]>("UPDATE comparisons SET status = 'retired' WHERE id = ?"),
    setGoldAnswer: db.prepare<[Choice, number]>("UPDATE comparisons SET gold_answer = ? WHERE id = ? AND kind = 'gold'"),
    // only while unlabelled: labels must keep meaning the texts they were given on
    repointGold: db.prepare<[number, number, number, number]>(
      "UPDATE comparisons SET prompt_id = ?, response_a = ?, response_b = ? WHERE id = ? AND kind = 'gold' AND label_count = 0",
    ),
  };

  return {
    ...dataBrowserReads(db),
    /** Whether the comparison exists (retiring twice is no change and no error). */
    retire: (id: number) => q.retire.run(id).changes > 0,
    /** false when the comparison is not gold */
    setGoldAnswer: (id: number, answer: Choice) => q.setGoldAnswer.run(answer, id).changes > 0,
    /** false when the comparison is not gold or has labels */
    repointGold: (id: number, promptId: number, responseA: number, responseB: number) => q.repointGold.run(promptId, responseA, responseB, id).changes > 0,
  };
}
