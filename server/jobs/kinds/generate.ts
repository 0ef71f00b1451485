/**
 * generate: fills the labeling queue from any OpenAI-compatible server (vLLM, Ollama, OpenAI, prefloop's own /v1)
 * instead of the built-in policy — how users bring their own model. Like the built-in policy's pairs (seed/starter.ts):
 * K samples for each of the least-compared train prompts, the most different two become a comparison.
 * The responses are stored under the endpoint's model name (a player of its own on the leaderboard).
 *
 * The API key stays in the stored config (a rerun needs it) and leaves only as "***" (jobs/redact.ts); the
 * client keeps it out of error messages, and the result and log name the endpoint without credentials.
 */
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { HttpError } from '../../errors';
import { redactUrl } from '../../llm/openai-client';
import { selectPairs } from '../../ml/generation/pair-selection';
import { QUEUE_SAMPLING } from '../../ml/generation/queue-sampling';
import { defineJobKind, type JobContext } from '../kind';
import type { GenerateTaskInput, GenerateTaskOutput } from './generate-task';

export const GenerateJobSchema = z
  .object({
    endpoint: z
      .object({
        baseUrl: z.url({ protocol: /^https?$/ }), // the server root; a trailing /v1 is fine
        model: z.string().min(1).max(200),
        apiKey: z.string().min(1).max(2000).optional(),
        api: z.enum(['chat', 'completions']).default('chat'), // chat: the server applies its own chat template
        timeoutMs: z.number().int().min(1000).max(600_000).default(120_000), // per request
      })
      .strict(),
    prompts: z.number().int().min(1).max(100_000).default(32), // train prompts, fewest comparisons first
    samplesPerPrompt: z.number().int().min(2).max(16).default(QUEUE_SAMPLING.samplesPerPrompt), // K
    temperature: z.number().min(0).max(2).default(QUEUE_SAMPLING.temperature),
    topP: z.number().gt(0).max(1).optional(),
    maxTokens: z.number().int().min(1).max(32_768).default(256),
    concurrency: z.number().int().min(1).max(32).default(4), // requests in flight
  })
  .strict();
export type GenerateJobConfig = z.infer<typeof GenerateJobSchema>;

export interface GenerateJobResult {
  model: string;
  endpoint: string; // without credentials
  prompts: number;
  requests: number;
  responses: number; // stored (the paired samples)
  comparisons: number;
}

export function promptsFor({ store }: JobContext, limit: number) {
  const prompts = store.prompts.leastCompared(limit);
  if (prompts.length === 0) throw new HttpError(409, 'no_prompts', 'No stored train-split prompts to generate responses for (import prompts first)');
  return prompts;
}

/** What the worker needs to sample the endpoint (the external-trainer kind's too, for its `serve` part). */
export function sampleInput(ctx: JobContext, config: GenerateJobConfig): GenerateTaskInput {
  return {
    endpoint: config.endpoint,
    prompts: promptsFor(ctx, config.prompts),
    samplesPerPrompt: config.samplesPerPrompt,
    sampling: { maxTokens: config.maxTokens, temperature: config.temperature, ...(config.topP === undefined ? {} : { topP: config.topP }) },
    concurrency: config.concurrency,
  };
}

/** One transaction: the paired responses under the model's name, and a train comparison per prompt. */
function storePairs({ store }: JobContext, config: GenerateJobConfig, output: GenerateTaskOutput): { responses: number; comparisons: number } {
  const overlapTarget = store.settings.queue().overlap;
  const samplingParams = { temperature: config.temperature, topP: config.topP, maxTokens: config.maxTokens, api: config.endpoint.api, endpoint: redactUrl(config.endpoint.baseUrl) };
  let responses = 0;
  let comparisons = 0;
  for (const { promptId, texts } of output.samples) {
    for (const [i, j] of selectPairs(texts, { pairs: QUEUE_SAMPLING.pairsPerPrompt, strategy: QUEUE_SAMPLING.strategy })) {
      const [a, b] = [texts[i], texts[j]].map((text) => store.responses.upsert({ promptId, text, modelName: config.endpoint.model, samplingParams }));
      responses += Number(a.created) + Number(b.created);
      if (store.comparisons.pairExists(a.id, b.id)) continue;
      store.comparisons.insert({ promptId, responseA: a.id, responseB: b.id, kind: 'train', priority: 0, overlapTarget });
      comparisons++;
    }
  }
  return { responses, comparisons };
}

/** The samples' pairs into the queue (finish's transaction); what was stored. */
export function storeSamples(ctx: JobContext, output: GenerateTaskOutput, config: GenerateJobConfig): GenerateJobResult {
  const stored = storePairs(ctx, config, output);
  const endpoint = redactUrl(config.endpoint.baseUrl);
  if (stored.comparisons > 0) ctx.live.pairsAdded(stored.comparisons);
  ctx.log.info(`generate: ${stored.comparisons} pairs from ${config.endpoint.model} at ${endpoint} (${output.samples.length} prompts, ${output.requests} requests)`);
  return { model: config.endpoint.model, endpoint, prompts: output.samples.length, requests: output.requests, ...stored };
}

export const generateKind = defineJobKind({
  kind: 'generate',
  config: GenerateJobSchema,
  task: fileURLToPath(new URL('./generate-task.ts', import.meta.url)),
  check(ctx) {
    promptsFor(ctx, 1); // 409 no_prompts before a job is queued
  },
  prepare: sampleInput,
  finish: storeSamples,
});
