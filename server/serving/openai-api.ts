// OpenAI's request fields → a generation of the active policy, and its result → OpenAI's response objects.
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import {
  ACTIVE_MODEL_ALIAS,
  type ChatCompletion,
  type ChatCompletionRequest,
  type ChatRequestMessage,
  type Completion,
  type CompletionRequest,
  type ModelList,
  type Usage,
} from '../../shared/schemas/v1';
import { HttpError } from '../errors';
import { type Message, renderPrompt } from '../ml/model/chat-template';
import { randomSeed } from '../ml/random';
import type { Store } from '../store';
import type { DecodeParams, DecodeResult } from './decode';
import type { ServedPolicy } from './protocol';

/** max_tokens when a request sends none */
export const DEFAULT_MAX_TOKENS = 128;

export const modelId = (version: number) => `policy-v${version}`;

/** The active policy when it can be served (a checkpoint on disk), else undefined. */
export function servablePolicy(store: Store): ServedPolicy | undefined {
  const active = store.policies.active();
  if (!active?.checkpointPath || active.kind === 'external') return undefined;
  return { id: active.id, version: active.version, checkpointDir: resolve(active.checkpointPath) };
}

export function listModels(store: Store, createdSeconds: number): ModelList {
  const policy = servablePolicy(store);
  return { object: 'list', data: policy ? [{ id: modelId(policy.version), object: 'model', created: createdSeconds, owned_by: 'prefloop' }] : [] };
}

/** The policy a request's `model` names: the active version's id, or the alias. 503 when none can be served. */
export function resolveModel(store: Store, requested: string): ServedPolicy {
  const policy = servablePolicy(store);
  if (!policy) throw new HttpError(503, 'policy_unavailable', 'No active policy with a checkpoint to serve');
  if (requested !== ACTIVE_MODEL_ALIAS && requested !== modelId(policy.version)) {
    throw new HttpError(404, 'model_not_found', `The model '${requested}' is not served here: use '${modelId(policy.version)}' (the active policy) or '${ACTIVE_MODEL_ALIAS}'`, {
      param: 'model',
    });
  }
  return policy;
}

type Sampling = Pick<CompletionRequest, 'max_tokens' | 'temperature' | 'top_p' | 'stop' | 'seed' | 'ignore_eos'>;

/** OpenAI's defaults: temperature 1, top_p 1; a random seed when none is sent. */
export function decodeParams(body: Sampling, maxTokens = body.max_tokens): DecodeParams {
  const stop = body.stop == null ? [] : typeof body.stop === 'string' ? [body.stop] : body.stop;
  return {
    maxNewTokens: maxTokens ?? DEFAULT_MAX_TOKENS,
    temperature: body.temperature ?? 1,
    ...(body.top_p != null && body.top_p < 1 ? { topP: body.top_p } : {}),
    seed: body.seed ?? randomSeed(),
    stop,
    ignoreEos: body.ignore_eos ?? false,
  };
}

const textOf = (content: ChatRequestMessage['content']) => (typeof content === 'string' ? content : content.map((p) => p.text).join(''));

/** The conversation as the policy's chat template renders it (a developer message is a system message). */
export function renderChat(messages: ChatRequestMessage[]): string {
  return renderPrompt(messages.map((m): Message => ({ role: m.role === 'developer' ? 'system' : m.role, content: textOf(m.content) })));
}

export const completionPrompts = (body: CompletionRequest): string[] => (typeof body.prompt === 'string' ? [body.prompt] : body.prompt);

/** max_completion_tokens wins over max_tokens. */
export const chatMaxTokens = (body: ChatCompletionRequest) => body.max_completion_tokens ?? body.max_tokens;

export const responseId = (prefix: 'cmpl' | 'chatcmpl') => `${prefix}-${randomBytes(12).toString('hex')}`;

export function usageOf(result: DecodeResult): Usage {
  const completion = result.choices.reduce((sum, c) => sum + c.completionTokens, 0);
  return { prompt_tokens: result.promptTokens, completion_tokens: completion, total_tokens: result.promptTokens + completion };
}

export interface ResponseMeta {
  id: string;
  created: number; // unix seconds
  model: string;
}

export function completionResponse(meta: ResponseMeta, result: DecodeResult): Completion {
  return {
    ...meta,
    object: 'text_completion',
    choices: result.choices.map((c) => ({ index: c.index, text: c.text, logprobs: null, finish_reason: c.finishReason })),
    usage: usageOf(result),
  };
}

export function chatResponse(meta: ResponseMeta, result: DecodeResult): ChatCompletion {
  return {
    ...meta,
    object: 'chat.completion',
    choices: result.choices.map((c) => ({
      index: c.index,
      message: { role: 'assistant', content: c.text },
      logprobs: null,
      finish_reason: c.finishReason,
    })),
    usage: usageOf(result),
  };
}
