import { z } from 'zod';
import { ComparisonKindSchema } from './queue';

/**
 * Pair formats of the trainers (ties and both-bad give no pair), then raw labels (every label, one row each),
 * then Parquet files of TRL pairs and of raw labels (the same fields, typed columns).
 */
export const PAIR_EXPORT_FORMATS = ['trl', 'trl-conversational', 'hh', 'openai', 'alpacafarm'] as const;
export const PARQUET_EXPORT_FORMATS = ['trl-parquet', 'labels-parquet'] as const;
export const EXPORT_FORMATS = [...PAIR_EXPORT_FORMATS, 'labels-jsonl', 'labels-csv', ...PARQUET_EXPORT_FORMATS] as const;
export const ExportFormatSchema = z.enum(EXPORT_FORMATS);
export type ExportFormat = z.infer<typeof ExportFormatSchema>;

export const EXPORT_MODES = ['each_label', 'majority'] as const;

/** An ISO date or date-time, stored times' shape (2030-01-01T00:00:00.000Z) so text comparison orders it. */
const instant = z.union([z.iso.datetime({ offset: true }), z.iso.date()]).transform((s) => new Date(s).toISOString());

/**
 * GET /api/admin/export query (and the CLI's flags). Filters select labels; agreement and majority are over the
 * selected labels of each comparison. Unknown keys are refused: a misspelt filter must not export everything.
 */
export const ExportQuerySchema = z
  .strictObject({
    /** [labels-jsonl: every label, nothing lost] */
    format: ExportFormatSchema.default('labels-jsonl'),
    /** labels created at or after */
    since: instant.optional(),
    /** labels created before */
    until: instant.optional(),
    /** comparisons with either response sampled from this policy version */
    policyVersion: z.coerce.number().int().min(1).optional(),
    kind: ComparisonKindSchema.optional(),
    /** comparisons whose majority choice has at least this share of their labels (0..1) */
    minAgreement: z.coerce.number().min(0).max(1).optional(),
    /** pair formats: one pair per a/b label, or one per comparison by majority [each_label] */
    mode: z.enum(EXPORT_MODES).default('each_label'),
  })
  .refine((q) => q.since === undefined || q.until === undefined || q.since < q.until, { path: ['until'], message: 'must be after since' });
export type ExportQuery = z.infer<typeof ExportQuerySchema>;

/** What an export wrote: rows, and pairs left out because their choice was a tie or both bad. */
export interface ExportResult {
  rows: number;
  skipped: number;
}
