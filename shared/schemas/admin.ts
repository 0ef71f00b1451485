import { z } from 'zod';

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
