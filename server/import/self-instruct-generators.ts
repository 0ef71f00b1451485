/**
 * Where self-instruct gets its completions: any OpenAI-compatible completions endpoint, or the built-in policy
 * sampled in a worker thread. Failures become the HTTP errors an admin can act on.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { HttpError } from '../errors';
import { createOpenAIClient, OpenAIClientError, redactUrl } from '../llm/openai-client';
import { generatePairsForPrompts, STARTER_CHECKPOINT_DIR } from '../ml/generation/generate-pairs';
import { CONFIG_FILE } from '../ml/model/checkpoint';
import type { InstructionGenerator } from '../ml/self-instruct/generate';
import { openAIInstructionGenerator } from '../ml/self-instruct/openai-generator';

export type GeneratorSpec =
  | {
      kind: 'openai';
      baseUrl: string;
      model: string;
      apiKey?: string;
      timeoutMs?: number;
      /** aborts the request in flight */
      signal?: AbortSignal;
    }
  | {
      kind: 'builtin';
      /** [models/starter] */
      checkpointDir?: string;
      /** call i samples with seed + i [0] */
      seed?: number;
      temperature?: number;
      maxNewTokens?: number;
      /** terminates a running worker */
      signal?: AbortSignal;
    };

/** A short description of the generator, for logs and results ("openai:MODEL@URL", credentials hidden, or "builtin:DIR"). */
export function generatorName(spec: GeneratorSpec): string {
  return spec.kind === 'openai' ? `openai:${spec.model}@${redactUrl(spec.baseUrl)}` : `builtin:${resolve(spec.checkpointDir ?? STARTER_CHECKPOINT_DIR)}`;
}

/**
 * The instruction generator a spec names. An OpenAI-compatible endpoint that cannot be reached or answers with
 * an error becomes a 502 `upstream_error`; a built-in checkpoint that is not there a 503 `policy_unavailable`.
 */
export function makeGenerator(spec: GeneratorSpec): InstructionGenerator {
  if (spec.kind === 'openai') {
    const client = createOpenAIClient({ baseUrl: spec.baseUrl, apiKey: spec.apiKey, model: spec.model, timeoutMs: spec.timeoutMs, signal: spec.signal });
    const generate = openAIInstructionGenerator(client);
    return async (prompt) => {
      try {
        return await generate(prompt);
      } catch (err) {
        throw err instanceof OpenAIClientError ? upstreamError(err, spec.baseUrl) : err;
      }
    };
  }
  const checkpointDir = resolve(spec.checkpointDir ?? STARTER_CHECKPOINT_DIR);
  if (!existsSync(join(checkpointDir, CONFIG_FILE))) {
    throw new HttpError(
      503,
      'policy_unavailable',
      `The built-in policy has no checkpoint at ${checkpointDir} (train it with npm run train:starter), or name an OpenAI-compatible endpoint to generate with`,
    );
  }
  let call = 0;
  return async (prompt) => {
    const [sample] = await generatePairsForPrompts({
      checkpointDir,
      prompts: [{ id: 0, text: prompt }],
      samplesPerPrompt: 1,
      temperature: spec.temperature ?? 0.7,
      maxNewTokens: spec.maxNewTokens ?? 200,
      seed: (spec.seed ?? 0) + call++,
      signal: spec.signal,
    });
    return sample?.text ?? '';
  };
}

/** The client's messages carry no secret (llm/openai-client.ts); the base URL is shown without its credentials. */
function upstreamError(err: OpenAIClientError, rawBaseUrl: string): HttpError {
  const baseUrl = redactUrl(rawBaseUrl);
  // fetch's "fetch failed" hides the reason a cause or two down (ECONNREFUSED, ENOTFOUND, "bad port", …)
  type Cause = { code?: unknown; message?: unknown; name?: unknown; cause?: unknown };
  const causes: Cause[] = [];
  for (let c = err.cause as Cause | undefined; c && causes.length < 5; c = c.cause as Cause | undefined) causes.push(c);
  const code = causes.map((c) => c.code).find((c): c is string => typeof c === 'string');
  const timedOut = causes.some((c) => c.name === 'TimeoutError');
  const reason = code ?? (typeof causes.at(-1)?.message === 'string' ? (causes.at(-1)?.message as string) : undefined);
  let message: string;
  if (err.status !== undefined) message = `The generator endpoint ${baseUrl} failed: ${err.message}`;
  else if (timedOut) message = `The generator endpoint ${baseUrl} did not answer in time: ${err.message}`;
  else if (err.cause !== undefined) message = `The generator endpoint ${baseUrl} cannot be reached${reason ? ` (${reason})` : ''}: ${err.message}`;
  else message = `The generator endpoint ${baseUrl} gave an answer that is not an OpenAI completion: ${err.message}`;
  return new HttpError(502, 'upstream_error', message, { baseUrl, ...(err.status === undefined ? {} : { status: err.status }), ...(code ? { code } : {}) });
}
