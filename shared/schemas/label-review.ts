// An annotator reviewing their own recent labels, and changing one (a new version; the old one is kept).
import { z } from 'zod';
import { PageQuerySchema } from './common';
import { PickSchema, StrengthSchema } from './labels';
import { ChatMessageSchema } from './queue';

export const MyLabelsQuerySchema = PageQuerySchema.extend({
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

/**
 * One of the caller's labels, blind like the pair was: named by its lease's opaque id, texts in the order
 * they were shown, the pick relative to the screen; no pair, response or label id, no model, no a/b.
 */
export const MyLabelSchema = z.object({
  assignmentId: z.number().int(),
  prompt: z.object({ text: z.string(), context: z.array(ChatMessageSchema) }),
  left: z.object({ text: z.string() }),
  right: z.object({ text: z.string() }),
  pick: PickSchema,
  strength: z.number().int(),
  rationale: z.string().nullable(),
  /** 1 for a label never changed */
  version: z.number().int(),
  labelledAt: z.string(),
  changedAt: z.string().nullable(),
});
export type MyLabel = z.infer<typeof MyLabelSchema>;

/** PUT /api/labels/mine/:id (the lease's id): the new decision, relative to the screen as it was shown. */
export const LabelChangeSchema = z.object({
  pick: PickSchema,
  strength: StrengthSchema,
  rationale: z.string().max(5_000).optional(),
});
export type LabelChange = z.infer<typeof LabelChangeSchema>;
