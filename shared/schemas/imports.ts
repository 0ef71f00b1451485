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

export const ImportResultSchema = z.object({
  /** rows read */
  rows: z.number().int(),
  /** new prompts stored */
  prompts: z.number().int(),
  /** new responses stored */
  responses: z.number().int(),
  /** new comparisons built */
  comparisons: z.number().int(),
  /** rows skipped as duplicates */
  duplicates: z.number().int(),
});
export type ImportResult = z.infer<typeof ImportResultSchema>;

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

export const SELF_INSTRUCT_REJECT_REASONS = ['length', 'keyword', 'program', 'punctuation', 'non_ascii', 'similar'] as const;
export type SelfInstructRejectReason = (typeof SELF_INSTRUCT_REJECT_REASONS)[number];

export const ImportSelfInstructResultSchema = ImportResultSchema.extend({
  /** instructions parsed from the generator's answers */
  generated: z.number().int(),
  /** instructions that passed every filter (stored, unless already there: see `duplicates`) */
  kept: z.number().int(),
  /** instructions dropped by the filters (total; by reason in `stats.rejected`) */
  rejected: z.number().int(),
  /** the seed used (pass it again to repeat the sampling) */
  seed: z.number().int(),
  generator: z.string(),
  stats: z.object({
    rounds: z.number().int(),
    seeds: z.number().int(),
    existingPrompts: z.number().int(),
    rejected: z.record(z.enum(SELF_INSTRUCT_REJECT_REASONS), z.number().int()),
  }),
  /** the kept instructions, with the prompt each became and its closest earlier instruction */
  instructions: z.array(
    z.object({
      promptId: z.number().int(),
      text: z.string(),
      created: z.boolean(),
      round: z.number().int(),
      maxRouge: z.number(),
      mostSimilar: z.string().nullable(),
    }),
  ),
});
export type ImportSelfInstructResult = z.infer<typeof ImportSelfInstructResultSchema>;
