import { z } from 'zod';

export const COMPARISON_KINDS = ['train', 'eval', 'gold'] as const;
export const ComparisonKindSchema = z.enum(COMPARISON_KINDS);
export type ComparisonKind = z.infer<typeof ComparisonKindSchema>;

/** Which response the annotator saw on the left: 'ab' = response_a left, 'ba' = response_b left. */
export const SHOWN_ORDERS = ['ab', 'ba'] as const;
export const ShownOrderSchema = z.enum(SHOWN_ORDERS);
export type ShownOrder = (typeof SHOWN_ORDERS)[number];

/** POST /api/queue/next body and the queue:next payload. */
export const NextPairsRequestSchema = z.object({
  count: z.number().int().min(1).max(5).default(1),
});

export const ChatMessageSchema = z.object({
  role: z.enum(['system', 'user', 'assistant']),
  content: z.string(),
});
export type ChatMessage = z.infer<typeof ChatMessageSchema>;

/**
 * One leased pair, as an annotator sees it. Left/right are already in the randomised shown order. Blind:
 * the assignment id is random (it names this lease only); no pair, response or prompt id, no model.
 */
export const AssignmentViewSchema = z.object({
  assignmentId: z.number().int(),
  expiresAt: z.string(),
  prompt: z.object({
    text: z.string(),
    /** earlier turns of a multi-turn conversation, shown above the last user turn */
    context: z.array(ChatMessageSchema),
  }),
  left: z.object({ text: z.string() }),
  right: z.object({ text: z.string() }),
});
export type AssignmentView = z.infer<typeof AssignmentViewSchema>;

/** POST /api/queue/next answer and the queue:next ack. */
export const NextPairsSchema = z.object({ assignments: z.array(AssignmentViewSchema) });

export const QueueCountsSchema = z.object({
  /** comparisons still needing labels (overlap target not reached) */
  open: z.number().int(),
  /** leases currently held */
  leased: z.number().int(),
  /** comparisons whose overlap target is reached */
  complete: z.number().int(),
  /** total labels stored */
  labels: z.number().int(),
});
export type QueueCounts = z.infer<typeof QueueCountsSchema>;

export const MyProgressSchema = z.object({
  labeled: z.number().int(),
  skipped: z.number().int(),
  /** pairs this user could still be given right now */
  available: z.number().int(),
});
export type MyProgress = z.infer<typeof MyProgressSchema>;

export const QueueSettingsSchema = z.object({
  /** labels wanted per comparison (k) */
  overlap: z.number().int().min(1).max(20),
  /** fraction of assignments that are gold pairs, when gold pairs are due */
  goldRate: z.number().min(0).max(1),
  /** lease length in seconds */
  leaseSeconds: z.number().int().min(10).max(86_400),
});
export type QueueSettings = z.infer<typeof QueueSettingsSchema>;
export const DEFAULT_QUEUE_SETTINGS: QueueSettings = { overlap: 1, goldRate: 0.1, leaseSeconds: 600 };

export const GuidelinesSchema = z.object({ markdown: z.string().max(50_000) });
