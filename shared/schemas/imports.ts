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

/** An OpenAI-compatible server (`/v1/completions`) that writes the instructions: vLLM, Ollama, OpenAI, … */
export const GeneratorEndpointSchema = z.object({
  baseUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2_000),
  model: z.string().trim().min(1).max(200),
  apiKey: z.string().min(1).max(1_000).optional(),
});
export type GeneratorEndpoint = z.infer<typeof GeneratorEndpointSchema>;

/**
 * Self-Instruct prompt generation. `seeds` default to the prompts already stored (an error when there are none);
 * without `endpoint` the built-in policy writes them. Generated prompts closer than `rougeThreshold` (ROUGE-L F1)
 * to a seed, a stored prompt or one another are dropped.
 */
export const ImportSelfInstructRequestSchema = z.object({
  seeds: z.array(z.string().trim().min(1).max(5_000)).min(1).max(5_000).optional(),
  target: z.number().int().min(1).max(500),
  endpoint: GeneratorEndpointSchema.optional(),
  /** [random, reported back] */
  seed: z.number().int().min(0).max(2 ** 31 - 1).optional(),
  /** [0.7], as in the Self-Instruct reference */
  rougeThreshold: z.number().min(0).max(1).optional(),
});
export type ImportSelfInstructRequest = z.infer<typeof ImportSelfInstructRequestSchema>;

export type SelfInstructRejectReason = 'length' | 'keyword' | 'program' | 'punctuation' | 'non_ascii' | 'similar';

export interface ImportSelfInstructResult extends ImportResult {
  /** instructions parsed from the generator's answers */
  generated: number;
  /** instructions that passed every filter (stored, unless already there: see `duplicates`) */
  kept: number;
  /** instructions dropped by the filters (total; by reason in `stats.rejected`) */
  rejected: number;
  /** the seed used (pass it again to repeat the sampling) */
  seed: number;
  generator: string;
  stats: { rounds: number; seeds: number; existingPrompts: number; rejected: Record<SelfInstructRejectReason, number> };
  /** the kept instructions, with the prompt each became and its closest earlier instruction */
  instructions: { promptId: number; text: string; created: boolean; round: number; maxRouge: number; mostSimilar: string | null }[];
}
