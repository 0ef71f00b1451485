// The admin Data page: comparisons with their labels (every version), searched and filtered; label
// distributions over the same filter; gold pairs written in the UI; retiring a comparison.
import { z } from 'zod';
import { AdminComparisonSchema, RawLabelSchema } from './admin';
import { ChoiceSchema } from './labels';
import { ComparisonKindSchema } from './queue';

/** unanimous: ≥ 2 labels, all the same choice; split: ≥ 2 labels, not all the same. */
export const AGREEMENTS = ['unanimous', 'split'] as const;
/** same: both responses from one model (or policy version); cross: from two. */
export const PAIRINGS = ['same', 'cross'] as const;
export const COMPARISON_STATUSES = ['open', 'complete', 'retired'] as const;

/** Which comparisons the list and the distributions read; every field optional, '' counts as absent. */
export const DataFilterSchema = z.object({
  /** a piece of the prompt, either response or a label's rationale (case-insensitive for ASCII; % and _ are literal) */
  q: z.string().trim().max(200).optional(),
  /** a model name or `policy:vN`, on either side */
  model: z.string().trim().max(200).optional(),
  kind: ComparisonKindSchema.optional(),
  status: z.enum(COMPARISON_STATUSES).optional(),
  /** comparisons this user labelled; the distributions then count only their labels */
  annotator: z.coerce.number().int().positive().optional(),
  agreement: z.enum(AGREEMENTS).optional(),
  pairing: z.enum(PAIRINGS).optional(),
});
export type DataFilter = z.infer<typeof DataFilterSchema>;

/** Bounded pages: texts in the list are cut (GET /api/admin/comparisons/:id has them whole). */
export const DataQuerySchema = DataFilterSchema.extend({
  limit: z.coerce.number().int().min(1).max(100).default(25),
  offset: z.coerce.number().int().min(0).default(0),
});

/** A version a label had before it was changed. */
export const LabelVersionSchema = z.object({
  version: z.number().int(),
  choice: ChoiceSchema,
  strength: z.number().int(),
  rationale: z.string().nullable(),
  madeAt: z.string(),
  supersededAt: z.string(),
});
export type LabelVersion = z.infer<typeof LabelVersionSchema>;

/** A label as the admin sees it: the current version, and the ones it superseded (oldest first). */
export const DataLabelSchema = RawLabelSchema.pick({
  id: true,
  userId: true,
  userName: true,
  choice: true,
  strength: true,
  rationale: true,
  shownOrder: true,
  timeMs: true,
  createdAt: true,
}).extend({
  version: z.number().int(),
  changedAt: z.string().nullable(),
  history: z.array(LabelVersionSchema),
});
export type DataLabel = z.infer<typeof DataLabelSchema>;

export const DataComparisonSchema = AdminComparisonSchema.extend({ labels: z.array(DataLabelSchema) });
export type DataComparison = z.infer<typeof DataComparisonSchema>;

/** Current labels of the filtered comparisons, counted. Shares are null when there is nothing to divide. */
export const DataDistributionsSchema = z.object({
  labels: z.number().int(),
  choices: z.object({ a: z.number().int(), b: z.number().int(), tie: z.number().int(), both_bad: z.number().int() }),
  /** labels by strength 0..3 (index = strength) */
  strengths: z.array(z.number().int()).length(4),
  /** among a/b labels: how many picked the response shown on the left, and that share (0.5 = no bias) */
  positionBias: z.object({ decided: z.number().int(), leftChosen: z.number().int(), leftShare: z.number().nullable() }),
  /** (tie + both_bad) / labels */
  tieOrBothBadShare: z.number().nullable(),
  /** labels changed at least once by their annotator */
  changed: z.number().int(),
});
export type DataDistributions = z.infer<typeof DataDistributionsSchema>;

const TextSchema = z.string().trim().min(1).max(20_000);

/** A gold pair written in the UI: a prompt, two responses and the known right answer (relative to A/B). */
export const GoldPairCreateSchema = z.object({
  prompt: TextSchema,
  responseA: TextSchema,
  responseB: TextSchema,
  answer: ChoiceSchema,
});
export type GoldPairCreate = z.infer<typeof GoldPairCreateSchema>;

/** The answer can always change; the texts only while nobody has labelled the pair (all three or none). */
export const GoldPairEditSchema = z.object({
  answer: ChoiceSchema,
  prompt: TextSchema.optional(),
  responseA: TextSchema.optional(),
  responseB: TextSchema.optional(),
});
export type GoldPairEdit = z.infer<typeof GoldPairEditSchema>;
