import { type ErrorRequestHandler, type RequestHandler, Router } from 'express';
import { ROUTES } from '../../../shared/contract';
import type { AppContext } from '../../context';
import { HttpError } from '../../errors';
import { chatChunks, completionChunks, generateFor, streamAnswer } from '../../serving/answer';
import { CLIENT_GONE, v1Error } from '../../serving/errors';
import { V1RateLimiter } from '../../serving/rate-limit';
import {
  chatMaxTokens,
  chatResponse,
  completionPrompts,
  completionResponse,
  decodeParams,
  listModels,
  modelId,
  renderChat,
  resolveModel,
  responseId,
} from '../../serving/openai-api';
import { bind } from '../contract';

/** A streamed answer went out as events; bind sends nothing more (the headers are sent). */
const streamed = (_done: unknown): never => undefined as never;

/** The OpenAI-compatible API over the active policy (shared/routes/v1.ts). Generation runs in ctx.serving's worker. */
export function v1Routes(ctx: AppContext): Router {
  const router = Router();
  const serving = () => {
    if (!ctx.serving) throw new HttpError(503, 'serving_unavailable', 'This process does not serve the policy');
    return ctx.serving;
  };
  const created = () => Math.floor(ctx.clock() / 1000);
  const limiter = new V1RateLimiter(ctx.clock);

  bind(router, ROUTES.v1Models, () => listModels(ctx.store, created()));

  bind(router, ROUTES.v1Completions, async ({ user, body, res }) => {
    limiter.take(user.id);
    const policy = resolveModel(ctx.store, body.model);
    const request = { prompts: completionPrompts(body), n: body.n ?? 1, params: decodeParams(body) };
    const meta = { id: responseId('cmpl'), created: created(), model: modelId(policy.version) };
    if (body.stream) return streamed(await streamAnswer(res, serving(), policy, request, completionChunks(meta), body.stream_options?.include_usage ?? false));
    return completionResponse(meta, await generateFor(res, serving(), policy, request));
  });

  bind(router, ROUTES.v1ChatCompletions, async ({ user, body, res }) => {
    limiter.take(user.id);
    const policy = resolveModel(ctx.store, body.model);
    const request = { prompts: [renderChat(body.messages)], n: body.n ?? 1, params: decodeParams(body, chatMaxTokens(body)) };
    const meta = { id: responseId('chatcmpl'), created: created(), model: modelId(policy.version) };
    if (body.stream) return streamed(await streamAnswer(res, serving(), policy, request, chatChunks(meta), body.stream_options?.include_usage ?? false));
    return chatResponse(meta, await generateFor(res, serving(), policy, request));
  });
  return router;
}

export const v1NotFound: RequestHandler = (req) => {
  throw new HttpError(404, 'not_found', `No route ${req.method} ${req.baseUrl}${req.path}`);
};

/** Mounted on /v1 before the app's error middleware: the same mapping, in OpenAI's error shape. */
export function v1ErrorMiddleware(log: (message: string, err: unknown) => void): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const { status, body } = v1Error(err);
    if (status === CLIENT_GONE) return void res.end();
    if (status >= 500) log(`${req.method} ${req.originalUrl} failed`, err);
    if (res.headersSent) return void res.end();
    const retryAfter = err instanceof HttpError ? (err.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds : undefined;
    if (typeof retryAfter === 'number') res.set('Retry-After', String(retryAfter));
    res.status(status).json(body);
  };
}
