// Runs one /v1 generation for an HTTP request: as one JSON answer, or streamed as server-sent events. Either way a
// caller that hangs up cancels it (a waiting request leaves the queue, a running one stops after its step).
import type { Response } from 'express';
import type { ChatCompletionChunk, CompletionChunk } from '../../shared/schemas/v1';
import type { DecodeResult, Delta } from './decode';
import { v1Error } from './errors';
import { type ResponseMeta, usageOf } from './openai-api';
import type { PolicyServer } from './policy-server';
import type { GenerationRequest, ServedPolicy } from './protocol';
import { endEventStream, openEventStream, sendEvent } from './sse';

/** Cancels the generation when the connection closes before the answer was sent. */
function hangUpSignal(res: Response): AbortSignal {
  const abort = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) abort.abort();
  });
  return abort.signal;
}

export function generateFor(res: Response, serving: PolicyServer, policy: ServedPolicy, request: GenerationRequest): Promise<DecodeResult> {
  return serving.generate(policy, request, { signal: hangUpSignal(res) });
}

export interface StreamFormat<C> {
  /** sent once per choice when decoding starts (chat: the assistant role) */
  opening?(index: number): C;
  delta(delta: Delta): C;
  /** the last chunk when stream_options.include_usage: no choices, the usage */
  usage(result: DecodeResult): C;
}

export const completionChunks = (meta: ResponseMeta): StreamFormat<CompletionChunk> => ({
  delta: (d) => ({ ...meta, object: 'text_completion', choices: [{ index: d.index, text: d.text, logprobs: null, finish_reason: d.finishReason ?? null }] }),
  usage: (result) => ({ ...meta, object: 'text_completion', choices: [], usage: usageOf(result) }),
});

export const chatChunks = (meta: ResponseMeta): StreamFormat<ChatCompletionChunk> => {
  const chunk = (choices: ChatCompletionChunk['choices']): ChatCompletionChunk => ({ ...meta, object: 'chat.completion.chunk', choices });
  return {
    opening: (index) => chunk([{ index, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }]),
    delta: (d) => chunk([{ index: d.index, delta: d.text === '' ? {} : { content: d.text }, logprobs: null, finish_reason: d.finishReason ?? null }]),
    usage: (result) => ({ ...chunk([]), usage: usageOf(result) }),
  };
};

/**
 * Streams a generation. Errors before the first byte (429 overloaded, 503 policy_unavailable) throw, so they
 * answer as JSON; an error mid-stream is sent as a last `data: {error}` event.
 */
export async function streamAnswer<C>(
  res: Response,
  serving: PolicyServer,
  policy: ServedPolicy,
  request: GenerationRequest,
  format: StreamFormat<C>,
  includeUsage: boolean,
): Promise<void> {
  const choices = request.prompts.length * request.n;
  try {
    const result = await serving.generate(policy, request, {
      signal: hangUpSignal(res),
      onStart: () => {
        openEventStream(res);
        if (format.opening) for (let i = 0; i < choices; i++) sendEvent(res, format.opening(i));
      },
      onDeltas: (deltas) => {
        for (const d of deltas) sendEvent(res, format.delta(d));
      },
    });
    if (includeUsage) sendEvent(res, format.usage(result));
    endEventStream(res);
  } catch (err) {
    if (!res.headersSent) throw err;
    sendEvent(res, v1Error(err).body);
    endEventStream(res);
  }
}
