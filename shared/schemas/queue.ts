import { z } from 'zod';

export const COMPARISON_KINDS = ['train', 'eval', 'gold'] as const;
export const ComparisonKindSchema = z.enum(COMPARISON_KINDS);
export type ComparisonKind = z.infer<typeof ComparisonKindSchema>;

/** Which response the annotator saw on the left: 'ab' = response_a left, 'ba' = response_b left. */
export const SHOWN_ORDERS = ['ab', 'ba'] as const;
export type ShownOrder = (typeof SHOWN_ORDERS)[number];

export const NextPairsQuerySchema = z.object({
  count: z.coerce.number().int().min(1).max(5).default(1),
});

export const ChatMessageSchema = z.object({
  role: z.enum(['system', 'user', 'assistant']),
  content: z.string(),
});
export type ChatMessage = z.infer<typeof ChatMessageSchema>;

/** One leased pair, as an annotator sees it. Left/right are already in the randomised shown order. */
export interface AssignmentView {
  assignmentId: number;
  comparisonId: number;
  expiresAt: string;
  prompt: {
    id: number;
    text: string;
    /** earlier turns of a multi-turn conversation, shown above the last user turn */
    context: ChatMessage[];
  };
  left: { responseId: number; text: string };
  right: { responseId: number; text: string };
}

export interface QueueCounts {
  /** comparisons still needing labels (overlap target not reached) */
  open: number;
  /** leases currently held */
  leased: number;
  /** comparisons whose overlap target is reached */
  complete: number;
  /** total labels stored */
  labels: number;
}

export interface MyProgress {
  labeled: number;
  skipped: number;
  /** pairs this user could still be given right now */
  available: number;
}

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
