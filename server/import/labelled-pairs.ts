/**
 * Already-labelled preference pairs (TRL, TRL conversational, Anthropic HH, OpenAI preference, AlpacaFarm) to
 * bootstrap the reward model, or any of prefloop's exports read back (raw labels: raw-labels.ts; Parquet: parquet.ts).
 * Each row becomes a prompt, two responses (model_name = the source), a comparison and one label. The label
 * belongs to the source, not to a person: a disabled system user `import:<source>` (':' is not allowed in
 * account names, and its password hash matches no password, so nobody can log in as it).
 *
 * Queue: by default an imported comparison is stored complete (overlap target 1, its one label), so annotators
 * are not handed pairs that already carry a label; `queue: true` leaves it open for the usual overlap k of
 * human labels on top. Every row is validated first: a bad row rejects the file and nothing is written. Then
 * rows are written in chunks that commit one by one (chunks.ts): a crash midway leaves a prefix, and importing
 * the file again completes it (pairs already stored count as duplicates).
 */
import { createHash } from 'node:crypto';
import { type ImportLabelledPairsRequest, type ImportLabelledPairsResult, type LabelledPairFormat, RAW_LABEL_FORMATS } from '../../shared/schemas/reward';
import type { Store } from '../store';
import { commitChunk, writeInChunks } from './chunks';
import { importedUser } from './imported-users';
import { labelledPairSchema } from './labelled-pairs-formats';
import { importRawLabels } from './raw-labels';
import { rawLabelFromCsv } from './raw-labels-format';
import { parseRows, type RawRow, readRows } from './read';

export type LabelledPairsInput = Pick<ImportLabelledPairsRequest, 'format' | 'content'> & { source?: string; queue?: boolean };
export type LabelledRowsInput = Omit<LabelledPairsInput, 'content'> & { rows: RawRow[] };

/** The import source's system user (created disabled on first use). */
export const sourceUser = (store: Store, source: string): number => importedUser(store, `import:${source}`);

const isRawLabels = (format: LabelledPairFormat): format is (typeof RAW_LABEL_FORMATS)[number] => (RAW_LABEL_FORMATS as readonly string[]).includes(format);

/** TRL margins are on the reward scale; strength s has margin s/3 (Llama 2), so s = round(3·margin) in 0..3. */
export const strengthOfMargin = (margin: number | undefined): number =>
  margin === undefined ? 0 : Math.min(3, Math.max(0, Math.round(3 * margin)));

/** With `queue`, `onPairsAdded` hears each chunk's new (open) comparisons as soon as they are committed. */
export async function importLabelledPairs(
  store: Store,
  input: LabelledPairsInput,
  onPairsAdded?: (count: number) => void,
): Promise<ImportLabelledPairsResult> {
  const csv = input.format === 'labels-csv';
  const rows = await readRows(csv ? 'csv' : 'jsonl', input.content);
  return importLabelledRows(store, { ...input, rows: csv ? rows.map(rawLabelFromCsv) : rows }, onPairsAdded);
}

/** importLabelledPairs on rows already read (a Parquet file's: parquet.ts). */
export async function importLabelledRows(store: Store, input: LabelledRowsInput, onPairsAdded?: (count: number) => void): Promise<ImportLabelledPairsResult> {
  const source = input.source ?? input.format;
  const format = input.format;
  if (isRawLabels(format)) return importRawLabels(store, input.rows, { source, queue: input.queue }, onPairsAdded);
  const rows = await parseRows(labelledPairSchema(format), input.rows);
  const userId = await commitChunk(store, () => sourceUser(store, source));
  const written = await writeInChunks(store, rows, (row) => {
    const prompt = store.prompts.upsert({ text: row.text, messages: row.messages, source: `import:${source}` });
    const chosen = store.responses.upsert({ promptId: prompt.id, modelName: source, text: row.chosen });
    const rejected = store.responses.upsert({ promptId: prompt.id, modelName: source, text: row.rejected });
    const created = { prompts: prompt.created ? 1 : 0, responses: (chosen.created ? 1 : 0) + (rejected.created ? 1 : 0) };
    if (store.comparisons.pairExists(chosen.id, rejected.id)) return { ...created, duplicate: true };
    // storage order by a coin from the texts, so "a" is not always the chosen one (deterministic on re-import)
    const chosenIsA = row.chosenIsA ?? createHash('sha256').update(row.chosen).update('\u0000').update(row.rejected).digest()[0] < 128;
    const [a, b] = chosenIsA ? [chosen.id, rejected.id] : [rejected.id, chosen.id];
    const overlapTarget = input.queue ? 1 + store.settings.queue().overlap : 1;
    const comparisonId = store.comparisons.insert({ promptId: prompt.id, responseA: a, responseB: b, kind: 'train', priority: 0, overlapTarget });
    store.rewardData.insertImportedLabel({
      comparisonId,
      userId,
      choice: chosenIsA ? 'a' : 'b',
      strength: strengthOfMargin(row.margin),
      idempotencyKey: `import:${source}:${comparisonId}`,
    });
    store.comparisons.countLabel(comparisonId);
    return { ...created, duplicate: false };
  }, (chunk) => {
    const added = input.queue ? chunk.filter((row) => !row.duplicate).length : 0;
    if (added > 0) onPairsAdded?.(added);
  });
  const result = { rows: rows.length, prompts: 0, responses: 0, comparisons: 0, labels: 0, duplicates: 0, source };
  for (const row of written) {
    result.prompts += row.prompts;
    result.responses += row.responses;
    result.comparisons += row.duplicate ? 0 : 1;
    result.labels += row.duplicate ? 0 : 1; // one label per new comparison
    result.duplicates += row.duplicate ? 1 : 0;
  }
  return result;
}
