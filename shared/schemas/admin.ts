import { z } from 'zod';
import { PageQuerySchema } from './common';
import type { Choice } from './labels';
import { type ComparisonKind, ComparisonKindSchema, type ShownOrder } from './queue';

export interface AdminCounts {
  users: number;
  prompts: number;
  responses: number;
  comparisons: number;
  labels: number;
  openComparisons: number;
  activeLeases: number;
}

export const GoldAnswerSchema = z.object({
  comparisonId: z.number().int().positive(),
  /** the known right answer, relative to response_a/response_b */
  answer: z.enum(['a', 'b', 'tie', 'both_bad']),
});

export const BuildComparisonsRequestSchema = z.object({
  /** only responses of these two models (by name); omitted = every pair of models on each prompt */
  modelA: z.string().optional(),
  modelB: z.string().optional(),
  kind: z.enum(['train', 'eval']).default('train'),
  priority: z.number().int().min(-1000).max(1000).default(0),
});

/** GET /api/admin/comparisons query: a page, optionally one status and/or one kind. */
export const ComparisonsQuerySchema = PageQuerySchema.extend({
  status: z.enum(['open', 'complete', 'retired']).optional(),
  kind: ComparisonKindSchema.optional(),
});

export interface AdminComparison {
  id: number;
  promptId: number;
  promptText: string;
  responseA: { id: number; model: string; text: string };
  responseB: { id: number; model: string; text: string };
  kind: ComparisonKind;
  goldAnswer: Choice | null;
  priority: number;
  uncertainty: number | null;
  overlapTarget: number;
  labelCount: number;
  status: 'open' | 'complete' | 'retired';
  createdAt: string;
}

/** GET /api/admin/labels query: a page (newest first), optionally one annotator and/or one comparison. */
export const LabelsQuerySchema = PageQuerySchema.extend({
  userId: z.coerce.number().int().positive().optional(),
  comparisonId: z.coerce.number().int().positive().optional(),
});

/** One stored label with everything recorded about it (choice is relative to response_a/response_b). */
export interface RawLabel {
  id: number;
  comparisonId: number;
  userId: number;
  userName: string;
  choice: Choice;
  strength: number;
  rationale: string | null;
  shownOrder: ShownOrder;
  timeMs: number;
  idempotencyKey: string;
  createdAt: string;
}
