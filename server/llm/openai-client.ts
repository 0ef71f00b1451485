/**
 * Client for any OpenAI-compatible server (OpenAI, vLLM, Ollama, llama.cpp, prefloop itself): legacy completions
 * and chat completions over global fetch, responses validated with zod.
 */
import { z } from 'zod';

export interface OpenAIClientOptions {
  /** Server root, e.g. http://127.0.0.1:8000 — a trailing "/v1" is accepted too. */
  baseUrl: string;
  apiKey?: string;
  model: string;
  /** Per request [60_000]. */
  timeoutMs?: number;
}

export interface SamplingOptions {
  maxTokens: number;
  temperature: number;
  topP?: number;
  /** Samples per prompt [1]. */
  n?: number;
  stop?: string[];
}

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface CompletionResult {
  model: string;
  /** One per sample; for chat, `text` is the message content. */
  choices: { index: number; text: string; finishReason: string | null }[];
  usage?: { promptTokens: number; completionTokens: number; totalTokens: number };
}

export interface OpenAIClient {
  complete(prompt: string, opts: SamplingOptions): Promise<CompletionResult>;
  chat(messages: ChatMessage[], opts: SamplingOptions): Promise<CompletionResult>;
}

export class OpenAIClientError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    readonly body?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'OpenAIClientError';
  }
}

const UsageSchema = z
  .object({ prompt_tokens: z.number(), completion_tokens: z.number().optional(), total_tokens: z.number() })
  .optional()
  .nullable();

const CompletionResponseSchema = z.object({
  model: z.string(),
  choices: z.array(z.object({ index: z.number(), text: z.string(), finish_reason: z.string().nullable().optional() })),
  usage: UsageSchema,
});

const ChatResponseSchema = z.object({
  model: z.string(),
  choices: z.array(
    z.object({
      index: z.number(),
      message: z.object({ role: z.string(), content: z.string().nullable() }),
      finish_reason: z.string().nullable().optional(),
    }),
  ),
  usage: UsageSchema,
});

const ErrorBodySchema = z.object({ error: z.object({ message: z.string() }) });

export function createOpenAIClient(opts: OpenAIClientOptions): OpenAIClient {
  const root = opts.baseUrl.replace(/\/+$/, '').replace(/\/v1$/, '');
  const timeoutMs = opts.timeoutMs ?? 60_000;

  async function post(path: string, body: Record<string, unknown>): Promise<unknown> {
    const url = `${root}/v1/${path}`;
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (opts.apiKey) headers.authorization = `Bearer ${opts.apiKey}`;
    let res: Response;
    try {
      res = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body), signal: AbortSignal.timeout(timeoutMs) });
    } catch (err) {
      const timedOut = err instanceof Error && err.name === 'TimeoutError';
      const why = timedOut ? `timed out after ${timeoutMs} ms` : `failed: ${(err as Error).message}`;
      throw new OpenAIClientError(`POST ${url} ${why}`, undefined, undefined, { cause: err });
    }
    const text = await res.text();
    if (!res.ok) {
      const parsed = ErrorBodySchema.safeParse(safeJson(text));
      const detail = parsed.success ? parsed.data.error.message : text.slice(0, 200);
      throw new OpenAIClientError(`POST ${url} → ${res.status} ${res.statusText}: ${detail}`, res.status, text);
    }
    const json = safeJson(text);
    if (json === undefined) throw new OpenAIClientError(`POST ${url}: response is not JSON: ${text.slice(0, 200)}`, res.status, text);
    return json;
  }

  function parse<T>(schema: z.ZodType<T>, json: unknown, path: string): T {
    const result = schema.safeParse(json);
    if (!result.success) {
      throw new OpenAIClientError(`POST ${root}/v1/${path}: unexpected response shape: ${z.prettifyError(result.error)}`);
    }
    return result.data;
  }

  const sampling = (o: SamplingOptions) => ({
    model: opts.model,
    max_tokens: o.maxTokens,
    temperature: o.temperature,
    ...(o.topP !== undefined && { top_p: o.topP }),
    ...(o.n !== undefined && { n: o.n }),
    ...(o.stop !== undefined && { stop: o.stop }),
  });

  return {
    async complete(prompt, o) {
      const res = parse(CompletionResponseSchema, await post('completions', { ...sampling(o), prompt }), 'completions');
      return {
        model: res.model,
        choices: res.choices.map((c) => ({ index: c.index, text: c.text, finishReason: c.finish_reason ?? null })),
        usage: usageOf(res.usage),
      };
    },
    async chat(messages, o) {
      const res = parse(ChatResponseSchema, await post('chat/completions', { ...sampling(o), messages }), 'chat/completions');
      return {
        model: res.model,
        choices: res.choices.map((c) => ({ index: c.index, text: c.message.content ?? '', finishReason: c.finish_reason ?? null })),
        usage: usageOf(res.usage),
      };
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function usageOf(u: z.infer<typeof UsageSchema>): CompletionResult['usage'] {
  if (!u) return undefined;
  return { promptTokens: u.prompt_tokens, completionTokens: u.completion_tokens ?? 0, totalTokens: u.total_tokens };
}
