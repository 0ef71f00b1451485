// A raw label as the labels-jsonl / labels-csv / labels-parquet exports write it (server/export/labels-jsonl.ts),
// read back. JSONL rows are typed already; CSV cells are text (numbers as digits, null as "", prompt_messages as
// JSON, formula cells behind an apostrophe) and Parquet gives created_at as a Date: both are turned into the
// JSONL shape first.
import { z } from 'zod';
import { ChoiceSchema, StrengthSchema } from '../../shared/schemas/labels';
import { ChatMessageSchema, ComparisonKindSchema, ShownOrderSchema } from '../../shared/schemas/queue';
import type { RawRow } from './read';

const text = z.string().max(200_000);

export const RawLabelRowSchema = z
  .object({
    /** the file's comparison: rows with the same id are one comparison's labels (stored ids are new ones) */
    comparison_id: z.number().int(),
    kind: ComparisonKindSchema,
    prompt: text.refine((s) => s.trim() !== '', 'must not be blank'),
    prompt_messages: z.array(ChatMessageSchema).min(1).max(400).nullable().optional(),
    response_a: text,
    model_a: z.string().min(1).max(200),
    response_b: text,
    model_b: z.string().min(1).max(200),
    annotator: z.string().trim().min(1).max(200),
    choice: ChoiceSchema,
    strength: StrengthSchema,
    shown_order: ShownOrderSchema,
    time_ms: z.number().int().min(0).max(2 ** 31 - 1),
    created_at: z.union([z.iso.datetime({ offset: true }), z.date()]).transform((t) => new Date(t).toISOString()),
  })
  .refine((r) => r.model_a !== r.model_b || r.response_a !== r.response_b, 'response_a and response_b are the same response');
export type RawLabelRow = z.output<typeof RawLabelRowSchema>;

const NUMBER_COLUMNS = ['label_id', 'comparison_id', 'strength', 'time_ms'];
/** What labels-csv puts an apostrophe before (its FORMULA_START, behind any apostrophes already there). */
const NEUTRALISED = /^'+[=+\-@\t\r]/;

/** A labels-csv record → the labels-jsonl row it was written from. */
export function rawLabelFromCsv(record: RawRow): RawRow {
  const row: RawRow = {};
  for (const [column, cell] of Object.entries(record)) {
    if (typeof cell !== 'string') row[column] = cell;
    else if (NUMBER_COLUMNS.includes(column)) row[column] = cell.trim() === '' ? undefined : Number(cell);
    else if (column === 'prompt_messages') row[column] = cell === '' ? null : jsonOrText(cell);
    else row[column] = NEUTRALISED.test(cell) ? cell.slice(1) : cell;
  }
  return row;
}

/** A labels-parquet record → the labels-jsonl row (a JSON column a reader left as text is parsed). */
export const rawLabelFromParquet = (record: RawRow): RawRow =>
  typeof record.prompt_messages === 'string' ? { ...record, prompt_messages: jsonOrText(record.prompt_messages) } : record;

function jsonOrText(cell: string): unknown {
  try {
    return JSON.parse(cell);
  } catch {
    return cell; // the schema says what is wrong with it
  }
}
