import { z } from 'zod';
import { AssignmentViewSchema } from './queue';

/** Stored choice, relative to the comparison's response_a / response_b (not to screen sides). */
export const CHOICES = ['a', 'b', 'tie', 'both_bad'] as const;
export const ChoiceSchema = z.enum(CHOICES);
export type Choice = z.infer<typeof ChoiceSchema>;

/** What the annotator clicks, relative to the screen. The server maps it to a Choice with the shown order. */
export const PICKS = ['left', 'right', 'tie', 'both_bad'] as const;
export const PickSchema = z.enum(PICKS);
export type Pick = z.infer<typeof PickSchema>;

/** Llama 2 scale: 0 negligibly better / unsure, 1 slightly, 2 better, 3 significantly better. */
export const STRENGTH_LABELS = ['negligibly better', 'slightly better', 'better', 'significantly better'] as const;
export const StrengthSchema = z.number().int().min(0).max(3);

export const LabelSubmitSchema = z.object({
  assignmentId: z.number().int().positive(),
  pick: PickSchema,
  strength: StrengthSchema.default(2),
  rationale: z.string().max(5_000).optional(),
  timeMs: z.number().int().min(0).max(86_400_000),
  /** client-generated; a retried submit with the same key returns the first label, never a second one */
  idempotencyKey: z.string().min(8).max(100),
  /**
   * Also lease up to this many pairs, as queue:next would, in the same round trip (the ack's `assignments`):
   * one round trip per label instead of two. 0: none (the ack has no `assignments`).
   */
  next: z.number().int().min(0).max(5).default(0),
});
export type LabelSubmit = z.input<typeof LabelSubmitSchema>;

/** Blind like the pair itself: no label, pair or response ids, and no a/b choice (it would tell the storage order). */
export const LabelAckSchema = z.object({
  /** true when this key had already been stored: nothing new was written */
  duplicate: z.boolean(),
  /**
   * With `next` > 0: the caller's leases, as queue:next answers (live ones first, then new pairs). Absent when
   * they could not be leased now (e.g. the caller's queue:next rate limit): queue:next gives them then.
   */
  assignments: z.array(AssignmentViewSchema).optional(),
});
export type LabelAck = z.infer<typeof LabelAckSchema>;

export const SkipRequestSchema = z.object({ assignmentId: z.number().int().positive() });
