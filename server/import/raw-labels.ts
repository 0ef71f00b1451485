/**
 * Raw labels (labels-jsonl, labels-csv, labels-parquet exports) read back: each row is one label by a named
 * annotator on one comparison, with its choice, strength, shown order, time taken and time made.
 *
 * - Prompts and responses are matched by text (created when new) under the file's model names; `policy:vN` is
 *   the answer policy version N wrote when this database has that version and answer, else a model of that name.
 * - A comparison is the stored one of its two responses (either storage order: the choice and shown order are
 *   turned to match), else a new one with the file's kind and a/b order, complete with the file's labels
 *   (overlap target = its labels in the file; `queue` asks annotators for k more).
 * - Annotators: a name that is an account here gets the label (a restore next to the same people); a name that
 *   is not becomes a new disabled account that nobody can log in as (its password hash matches no password),
 *   which an admin may later enable and give a password.
 * - Idempotent: an annotator's label on a comparison that already has one by them is a duplicate (a label per
 *   annotator per comparison, as labelling itself allows), so importing the same file twice adds nothing.
 *
 * Validated whole, then written in chunks that commit one by one, like the other imports (chunks.ts).
 */
import type { ImportLabelledPairsResult } from '../../shared/schemas/reward';
import type { Store } from '../store';
import { importedLabelsRepo } from '../store/imported-labels';
import { writeInChunks } from './chunks';
import { importedUser } from './imported-users';
import { type RawLabelRow, RawLabelRowSchema } from './raw-labels-format';
import { parseRows, type RawRow } from './read';

export interface RawLabelsInput {
  /** the prompts' source is import:<source> */
  source: string;
  queue?: boolean;
}

const POLICY_MODEL = /^policy:v(\d+)$/;
const SWAPPED_CHOICE = { a: 'b', b: 'a', tie: 'tie', both_bad: 'both_bad' } as const;
const SWAPPED_ORDER = { ab: 'ba', ba: 'ab' } as const;

export async function importRawLabels(store: Store, rows: RawRow[], input: RawLabelsInput, onPairsAdded?: (count: number) => void): Promise<ImportLabelledPairsResult> {
  const labels = await parseRows(RawLabelRowSchema, rows);
  const labelsOf = new Map<number, number>(); // file comparison id → its labels in the file
  for (const l of labels) labelsOf.set(l.comparison_id, (labelsOf.get(l.comparison_id) ?? 0) + 1);
  const repo = importedLabelsRepo(store.db);
  const users = new Map<string, number>();

  const responseOf = (promptId: number, model: string, text: string) => {
    const version = POLICY_MODEL.exec(model)?.[1];
    const policyAnswer = version === undefined ? undefined : repo.policyResponse(promptId, Number(version), text);
    return policyAnswer !== undefined ? { id: policyAnswer, created: false } : store.responses.upsert({ promptId, modelName: model, text });
  };

  const write = (row: RawLabelRow) => {
    const prompt = store.prompts.upsert({ text: row.prompt, messages: row.prompt_messages ?? undefined, source: `import:${input.source}` });
    const a = responseOf(prompt.id, row.model_a, row.response_a);
    const b = responseOf(prompt.id, row.model_b, row.response_b);
    const counts = { prompts: Number(prompt.created), responses: Number(a.created) + Number(b.created), comparisons: 0 };
    let comparison = repo.comparisonOf(a.id, b.id);
    if (!comparison) {
      const overlapTarget = (labelsOf.get(row.comparison_id) ?? 1) + (input.queue ? store.settings.queue().overlap : 0);
      comparison = { id: store.comparisons.insert({ promptId: prompt.id, responseA: a.id, responseB: b.id, kind: row.kind, priority: 0, overlapTarget }), swapped: false };
      counts.comparisons = 1;
    }
    const userId = users.get(row.annotator) ?? importedUser(store, row.annotator);
    users.set(row.annotator, userId);
    if (repo.hasLabel(comparison.id, userId)) return { ...counts, duplicate: true };
    repo.insert({
      comparisonId: comparison.id,
      userId,
      choice: comparison.swapped ? SWAPPED_CHOICE[row.choice] : row.choice,
      strength: row.strength,
      shownOrder: comparison.swapped ? SWAPPED_ORDER[row.shown_order] : row.shown_order,
      timeMs: row.time_ms,
      createdAt: row.created_at,
      idempotencyKey: `import:labels:${comparison.id}:${userId}`,
    });
    store.comparisons.countLabel(comparison.id);
    return { ...counts, duplicate: false };
  };

  const written = await writeInChunks(store, labels, write, (chunk) => {
    const added = input.queue ? chunk.reduce((n, row) => n + row.comparisons, 0) : 0;
    if (added > 0) onPairsAdded?.(added);
  });
  const result = { rows: labels.length, prompts: 0, responses: 0, comparisons: 0, labels: 0, duplicates: 0, source: input.source };
  for (const row of written) {
    result.prompts += row.prompts;
    result.responses += row.responses;
    result.comparisons += row.comparisons;
    result.labels += row.duplicate ? 0 : 1;
    result.duplicates += row.duplicate ? 1 : 0;
  }
  return result;
}
