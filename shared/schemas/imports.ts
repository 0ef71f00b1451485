import { z } from 'zod';

export const PROMPT_FORMATS = ['jsonl', 'csv', 'lines'] as const;
export const RESPONSE_FORMATS = ['alpacafarm', 'jsonl', 'csv'] as const;

/** Prompts: JSONL rows {text | prompt | instruction (+ input), tags?, source?}, CSV with such a header, or one per line. */
export const ImportPromptsRequestSchema = z.object({
  format: z.enum(PROMPT_FORMATS),
  content: z.string().min(1).max(20_000_000),
  source: z.string().max(200).optional(),
});
export type ImportPromptsRequest = z.infer<typeof ImportPromptsRequestSchema>;

/**
 * Responses of one named model: AlpacaFarm JSON array [{instruction, input, output}], or JSONL/CSV rows
 * {prompt | instruction (+ input), output | response | completion}. Prompts are matched by text (created if new).
 */
export const ImportResponsesRequestSchema = z.object({
  format: z.enum(RESPONSE_FORMATS),
  model: z.string().trim().min(1).max(200),
  content: z.string().min(1).max(20_000_000),
  /** build comparisons against every other model's response to the same prompt */
  buildComparisons: z.boolean().default(true),
});
export type ImportResponsesRequest = z.infer<typeof ImportResponsesRequestSchema>;

export interface ImportResult {
  /** rows read */
  rows: number;
  /** new prompts stored */
  prompts: number;
  /** new responses stored */
  responses: number;
  /** new comparisons built */
  comparisons: number;
  /** rows skipped as duplicates */
  duplicates: number;
}
