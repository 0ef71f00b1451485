/**
 * Client for any OpenAI-compatible server (OpenAI, vLLM, Ollama, llama.cpp, prefloop itself): legacy completions
 * and chat completions over global fetch, responses validated with zod.
 *
 * Outbound hygiene: every request honours the caller's abort signal (a cancelled job stops its fetch) and a
 * timeout; a response is read as a stream and given up past `maxResponseBytes`; the API key, and credentials
 * or a query string in the base URL, never appear in an error's message or body (they reach logs and job results).
 */
import { z } from 'zod';

export interface OpenAIClientOptions {
  /** Server root, e.g. http://127.0.0.1:8000 — a trailing "/v1" is accepted too. */
  baseUrl: string;
  apiKey?: string;
  model: string;
  /** Per request [60_000]. */
  timeoutMs?: number;
  /** aborts every request in flight, and refuses new ones */
  signal?: AbortSignal;
  /** a larger response body is given up [4 MiB] */
  maxResponseBytes?: number;
  /**
   * A 429 or 503 answer with a Retry-After of at most 30 s is retried after that wait, this many times [3]
   * (prefloop's own /v1 rate-limits each user; vLLM and OpenAI answer 429 when busy).
   */
  retries?: number;
}

/** The longest Retry-After the client waits for; a longer one fails the request at once. */
const MAX_RETRY_WAIT_S = 30;

export const DEFAULT_MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

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
    options?: { cause?: unknown; retryAfterSeconds?: number },
  ) {
    super(message, options);
    this.name = 'OpenAIClientError';
    this.retryAfterSeconds = options?.retryAfterSeconds;
  }

  /** the answer's Retry-After, in seconds, when it sent one */
  readonly retryAfterSeconds: number | undefined;
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
  const shownRoot = redactUrl(root);
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const maxBytes = opts.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const hide = secretsHider(opts.apiKey, root);

  async function post(path: string, body: Record<string, unknown>): Promise<unknown> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await postOnce(path, body);
      } catch (err) {
        const wait = err instanceof OpenAIClientError && (err.status === 429 || err.status === 503) ? err.retryAfterSeconds : undefined;
        if (wait === undefined || wait > MAX_RETRY_WAIT_S || attempt >= (opts.retries ?? 3) || opts.signal?.aborted) throw err;
        await abortableSleep(wait * 1000, opts.signal).catch((abort: unknown) => {
          throw new OpenAIClientError(`POST ${shownRoot}/v1/${path} was aborted while waiting to retry`, undefined, undefined, { cause: abort });
        });
      }
    }
  }

  async function postOnce(path: string, body: Record<string, unknown>): Promise<unknown> {
    const url = `${root}/v1/${path}`;
    const shown = `${shownRoot}/v1/${path}`;
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (opts.apiKey) headers.authorization = `Bearer ${opts.apiKey}`;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
    let res: Response;
    let text: string;
    try {
      res = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body), signal });
      text = await readCapped(res, maxBytes, shown);
    } catch (err) {
      if (err instanceof OpenAIClientError) throw err;
      const why = timeout.aborted ? `timed out after ${timeoutMs} ms` : opts.signal?.aborted ? 'was aborted' : `failed: ${hide((err as Error).message)}`;
      throw new OpenAIClientError(`POST ${shown} ${why}`, undefined, undefined, { cause: err });
    }
    if (!res.ok) {
      const parsed = ErrorBodySchema.safeParse(safeJson(text));
      const detail = parsed.success ? parsed.data.error.message : text.slice(0, 200);
      throw new OpenAIClientError(hide(`POST ${shown} → ${res.status} ${res.statusText}: ${detail}`), res.status, hide(text), {
        retryAfterSeconds: retryAfterOf(res.headers.get('retry-after')),
      });
    }
    const json = safeJson(text);
    if (json === undefined) throw new OpenAIClientError(hide(`POST ${shown}: response is not JSON: ${text.slice(0, 200)}`), res.status, hide(text));
    return json;
  }

  function parse<T>(schema: z.ZodType<T>, json: unknown, path: string): T {
    const result = schema.safeParse(json);
    if (!result.success) {
      throw new OpenAIClientError(hide(`POST ${shownRoot}/v1/${path}: unexpected response shape: ${z.prettifyError(result.error)}`));
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

/** The body as text, streamed with a byte count: past `maxBytes` the download is cancelled. */
async function readCapped(res: Response, maxBytes: number, shown: string): Promise<string> {
  const declared = Number(res.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) {
    await res.body?.cancel();
    throw new OpenAIClientError(`POST ${shown}: the response (${declared} bytes) is larger than ${maxBytes} bytes`, res.status);
  }
  if (!res.body) return '';
  const decoder = new TextDecoder();
  let text = '';
  let bytes = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.byteLength;
    if (bytes > maxBytes) {
      // leaving the loop early cancels the stream (and with it the connection)
      throw new OpenAIClientError(`POST ${shown}: the response is larger than ${maxBytes} bytes`, res.status);
    }
    text += decoder.decode(chunk, { stream: true });
  }
  return text + decoder.decode();
}

/** A URL fit to show: no user name or password, no query string (where some servers take a key). */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    const hidden = u.username !== '' || u.password !== '' || u.search !== '';
    u.username = '';
    u.password = '';
    u.search = '';
    return hidden ? `${u.toString().replace(/\/+$/, '')} (credentials hidden)` : url;
  } catch {
    return '(an invalid URL)';
  }
}

/** Replaces the API key and the base URL's secrets (password, user, query values) wherever they appear. */
function secretsHider(apiKey: string | undefined, root: string): (text: string) => string {
  const secrets = [apiKey];
  try {
    const u = new URL(root);
    secrets.push(decodeURIComponent(u.password), decodeURIComponent(u.username), u.password, u.username, ...[...u.searchParams.values()]);
  } catch {
    // not a URL: fetch fails, and its message names no secret of ours
  }
  const hidden = [...new Set(secrets.filter((s): s is string => s !== undefined && s.length >= 4))].sort((a, b) => b.length - a.length);
  return (text) => hidden.reduce((t, secret) => t.split(secret).join('***'), text);
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

/** Retry-After in seconds (the HTTP-date form counts from now); undefined when absent or unreadable. */
export function retryAfterOf(header: string | null, nowMs = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, (at - nowMs) / 1000);
}

/** Resolves after `ms`, or rejects at once when `signal` aborts. */
function abortableSleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
