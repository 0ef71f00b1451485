import { z } from 'zod';
import { pageSchema } from './common';
import { ChatMessageSchema } from './queue';

/** A prompt: plain text (one user turn) or a conversation ending with a user turn. */
export const RewardPromptSchema = z.union([z.string().max(50_000), z.array(ChatMessageSchema).min(1).max(200)]);

export const SCORE_BATCH_MAX = 64;

/** POST /api/admin/reward/score: normalised scores of the active reward model. */
export const ScoreRequestSchema = z.object({
  items: z
    .array(z.object({ prompt: RewardPromptSchema, response: z.string().max(50_000) }))
    .min(1)
    .max(SCORE_BATCH_MAX),
});
export type ScoreRequest = z.infer<typeof ScoreRequestSchema>;

export const ScoreResponseSchema = z.object({
  rewardModel: z.object({ id: z.number().int(), version: z.number().int() }),
  /** per item: mean 0 / std 1 on the reference policy's samples; uncertainty (ensemble std) when the model has K > 1 heads */
  scores: z.array(z.object({ score: z.number(), uncertainty: z.number().optional() })),
});
export type ScoreResponse = z.infer<typeof ScoreResponseSchema>;

export const RewardModelViewSchema = z.object({
  id: z.number().int(),
  version: z.number().int(),
  parentId: z.number().int().nullable(),
  trainedOnLabelCount: z.number().int(),
  valAccuracy: z.number().nullable(),
  metrics: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
  active: z.boolean(),
});
export type RewardModelView = z.infer<typeof RewardModelViewSchema>;

/** GET /api/admin/reward-models (newest first) */
export const RewardModelPageSchema = pageSchema(RewardModelViewSchema);

/** POST /api/admin/reward-models/:id/activate. Without `force`, a version worse on held-out accuracy than the active one is refused (409). */
export const ActivateRewardModelRequestSchema = z.object({ force: z.boolean().default(false) });

export const ActivateRewardModelResponseSchema = z.object({ active: RewardModelViewSchema, previous: z.number().int().nullable() });

/** What the exports write, read back: pair formats (one labelled pair a row) and raw labels (one label a row). */
export const LABELLED_PAIR_FORMATS = ['hh', 'trl', 'trl-conversational', 'openai', 'alpacafarm', 'labels-jsonl', 'labels-csv'] as const;
/** Raw labels: every annotator's label with its choice, strength, shown order and time (server/import/raw-labels.ts). */
export const RAW_LABEL_FORMATS = ['labels-jsonl', 'labels-csv'] as const satisfies readonly (typeof LABELLED_PAIR_FORMATS)[number][];
export const LabelledPairFormatSchema = z.enum(LABELLED_PAIR_FORMATS);
export type LabelledPairFormat = z.infer<typeof LabelledPairFormatSchema>;

/** An import source name: the responses' model_name, and the system user `import:<source>` the labels belong to. */
export const ImportSourceSchema = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits and _ . - only');

/** POST /api/admin/import/labelled-pairs: labelled pairs or raw labels, the JSONL (labels-csv: CSV) file as a string. */
export const ImportLabelledPairsRequestSchema = z.object({
  format: LabelledPairFormatSchema,
  content: z.string().min(1).max(20_000_000),
  /** [the format's name] */
  source: ImportSourceSchema.optional(),
  /** also hand the pairs to annotators (overlap k more labels); by default they are complete on import */
  queue: z.boolean().default(false),
});
export type ImportLabelledPairsRequest = z.infer<typeof ImportLabelledPairsRequestSchema>;

export const ImportLabelledPairsResultSchema = z.object({
  rows: z.number().int(),
  prompts: z.number().int(), // new prompts
  responses: z.number().int(), // new responses
  comparisons: z.number().int(), // new comparisons
  labels: z.number().int(), // new labels (pair formats: by the source's system user; raw labels: by their annotators)
  duplicates: z.number().int(), // rows already imported
  source: z.string(),
});
export type ImportLabelledPairsResult = z.infer<typeof ImportLabelledPairsResultSchema>;
