import { z } from 'zod';
import { PageQuerySchema } from './common';
import { ChoiceSchema } from './labels';
import { ComparisonKindSchema, ShownOrderSchema } from './queue';

export const AdminCountsSchema = z.object({
  users: z.number().int(),
  prompts: z.number().int(),
  responses: z.number().int(),
  comparisons: z.number().int(),
  labels: z.number().int(),
  openComparisons: z.number().int(),
  activeLeases: z.number().int(),
});
export type AdminCounts = z.infer<typeof AdminCountsSchema>;

export const GoldAnswerSchema = z.object({
  comparisonId: z.number().int().positive(),
  /** the known right answer, relative to response_a/response_b */
  answer: z.enum(['a', 'b', 'tie', 'both_bad']),
});
export const GoldAnswerResultSchema = z.object({ comparisonId: z.number().int(), goldAnswer: ChoiceSchema });

export const BuildComparisonsRequestSchema = z.object({
  /** only responses of these two models (by name); omitted = every pair of models on each prompt */
  modelA: z.string().optional(),
  modelB: z.string().optional(),
  kind: z.enum(['train', 'eval']).default('train'),
  priority: z.number().int().min(-1000).max(1000).default(0),
});
/** how many new comparisons were built */
export const BuildComparisonsResultSchema = z.object({ comparisons: z.number().int() });

/** GET /api/admin/comparisons query: a page, optionally one status and/or one kind. */
export const ComparisonsQuerySchema = PageQuerySchema.extend({
  status: z.enum(['open', 'complete', 'retired']).optional(),
  kind: ComparisonKindSchema.optional(),
});

const ComparisonResponseSchema = z.object({ id: z.number().int(), model: z.string(), text: z.string() });
export const AdminComparisonSchema = z.object({
  id: z.number().int(),
  promptId: z.number().int(),
  promptText: z.string(),
  responseA: ComparisonResponseSchema,
  responseB: ComparisonResponseSchema,
  kind: ComparisonKindSchema,
  goldAnswer: ChoiceSchema.nullable(),
  priority: z.number().int(),
  uncertainty: z.number().nullable(),
  overlapTarget: z.number().int(),
  labelCount: z.number().int(),
  status: z.enum(['open', 'complete', 'retired']),
  createdAt: z.string(),
});
export type AdminComparison = z.infer<typeof AdminComparisonSchema>;

/** GET /api/admin/labels query: a page (newest first), optionally one annotator and/or one comparison. */
export const LabelsQuerySchema = PageQuerySchema.extend({
  userId: z.coerce.number().int().positive().optional(),
  comparisonId: z.coerce.number().int().positive().optional(),
});

/** One stored label with everything recorded about it (choice is relative to response_a/response_b). */
export const RawLabelSchema = z.object({
  id: z.number().int(),
  comparisonId: z.number().int(),
  userId: z.number().int(),
  userName: z.string(),
  choice: ChoiceSchema,
  strength: z.number().int(),
  rationale: z.string().nullable(),
  shownOrder: ShownOrderSchema,
  timeMs: z.number().int(),
  idempotencyKey: z.string(),
  createdAt: z.string(),
});
export type RawLabel = z.infer<typeof RawLabelSchema>;
