// The OpenAI-compatible API (/v1) that serves the active policy: OpenAI's wire shapes, the fields prefloop
// honours (others a client sends are ignored), and the caps past which a request is refused with a 400.
import { z } from 'zod';

export const V1_LIMITS = {
  maxTokens: 1024, // max_tokens past it → 400 (a model's context also clamps it, silently)
  n: 8, // choices per prompt
  prompts: 8, // prompts in one /v1/completions call
  stops: 4, // stop sequences
  stopChars: 64,
  promptChars: 32_000,
  messages: 64,
} as const;

/** `model` in a request: a listed id, or this alias for whichever policy version is active. */
export const ACTIVE_MODEL_ALIAS = 'prefloop';

const Stop = z.union([
  z.string().min(1).max(V1_LIMITS.stopChars),
  z.array(z.string().min(1).max(V1_LIMITS.stopChars)).max(V1_LIMITS.stops),
]);

/** What both endpoints sample with. temperature 0 = greedy; seed reproduces a sample. */
const SamplingFields = {
  model: z.string().min(1).max(200),
  max_tokens: z.number().int().min(1).max(V1_LIMITS.maxTokens).nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  n: z.number().int().min(1).max(V1_LIMITS.n).nullish(),
  stop: Stop.nullish(),
  seed: z.number().int().nullish(),
  stream: z.boolean().nullish(),
  stream_options: z.object({ include_usage: z.boolean().optional() }).nullish(),
  /** vLLM's extension: keep sampling past EOS until max_tokens (benchmarks) */
  ignore_eos: z.boolean().nullish(),
  user: z.string().max(256).nullish(),
};

export const CompletionRequestSchema = z.object({
  ...SamplingFields,
  /** continued as raw text (no chat template) */
  prompt: z.union([z.string().max(V1_LIMITS.promptChars), z.array(z.string().max(V1_LIMITS.promptChars)).min(1).max(V1_LIMITS.prompts)]),
});
export type CompletionRequest = z.infer<typeof CompletionRequestSchema>;

const TextPart = z.object({ type: z.literal('text'), text: z.string().max(V1_LIMITS.promptChars) });

export const ChatRequestMessageSchema = z.object({
  role: z.enum(['system', 'developer', 'user', 'assistant']),
  content: z.union([z.string().max(V1_LIMITS.promptChars), z.array(TextPart).max(64)]),
  name: z.string().max(64).optional(),
});
export type ChatRequestMessage = z.infer<typeof ChatRequestMessageSchema>;

export const ChatCompletionRequestSchema = z.object({
  ...SamplingFields,
  messages: z.array(ChatRequestMessageSchema).min(1).max(V1_LIMITS.messages),
  /** the newer name of max_tokens; wins when both are sent */
  max_completion_tokens: z.number().int().min(1).max(V1_LIMITS.maxTokens).nullish(),
});
export type ChatCompletionRequest = z.infer<typeof ChatCompletionRequestSchema>;

export const FinishReasonSchema = z.enum(['stop', 'length']);
export type FinishReason = z.infer<typeof FinishReasonSchema>;

/** Counted in tokens of the served policy's own tokenizer. */
export const UsageSchema = z.object({ prompt_tokens: z.number().int(), completion_tokens: z.number().int(), total_tokens: z.number().int() });
export type Usage = z.infer<typeof UsageSchema>;

export const ModelSchema = z.object({ id: z.string(), object: z.literal('model'), created: z.number().int(), owned_by: z.string() });
export const ModelListSchema = z.object({ object: z.literal('list'), data: z.array(ModelSchema) });
export type ModelList = z.infer<typeof ModelListSchema>;

export const CompletionSchema = z.object({
  id: z.string(),
  object: z.literal('text_completion'),
  created: z.number().int(),
  model: z.string(),
  choices: z.array(z.object({ index: z.number().int(), text: z.string(), logprobs: z.null(), finish_reason: FinishReasonSchema })),
  usage: UsageSchema,
});
export type Completion = z.infer<typeof CompletionSchema>;

export const ChatCompletionSchema = z.object({
  id: z.string(),
  object: z.literal('chat.completion'),
  created: z.number().int(),
  model: z.string(),
  choices: z.array(
    z.object({
      index: z.number().int(),
      message: z.object({ role: z.literal('assistant'), content: z.string() }),
      logprobs: z.null(),
      finish_reason: FinishReasonSchema,
    }),
  ),
  usage: UsageSchema,
});
export type ChatCompletion = z.infer<typeof ChatCompletionSchema>;

/** One `data: {...}` event of a streamed /v1/completions answer (the stream ends with `data: [DONE]`). */
export const CompletionChunkSchema = z.object({
  id: z.string(),
  object: z.literal('text_completion'),
  created: z.number().int(),
  model: z.string(),
  choices: z.array(z.object({ index: z.number().int(), text: z.string(), logprobs: z.null(), finish_reason: FinishReasonSchema.nullable() })),
  usage: UsageSchema.nullish(),
});
export type CompletionChunk = z.infer<typeof CompletionChunkSchema>;

/** One `data: {...}` event of a streamed /v1/chat/completions answer. */
export const ChatCompletionChunkSchema = z.object({
  id: z.string(),
  object: z.literal('chat.completion.chunk'),
  created: z.number().int(),
  model: z.string(),
  choices: z.array(
    z.object({
      index: z.number().int(),
      delta: z.object({ role: z.literal('assistant').optional(), content: z.string().optional() }),
      logprobs: z.null(),
      finish_reason: FinishReasonSchema.nullable(),
    }),
  ),
  usage: UsageSchema.nullish(),
});
export type ChatCompletionChunk = z.infer<typeof ChatCompletionChunkSchema>;

/** /v1 answers errors in OpenAI's shape; `code` is prefloop's error code, `details` its validation issues. */
export const V1ErrorSchema = z.object({
  error: z.object({ message: z.string(), type: z.string(), param: z.string().nullable(), code: z.string(), details: z.unknown().optional() }),
});
export type V1Error = z.infer<typeof V1ErrorSchema>;
