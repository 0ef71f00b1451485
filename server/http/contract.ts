import type { Request, RequestHandler, Response, Router } from 'express';
import type { z } from 'zod';
import { type Auth, type Route, type RouteSpec, successStatuses } from '../../shared/contract';
import type { PublicUser } from '../../shared/schemas/auth';
import { requireRole, requireUser, userOf } from '../auth/middleware';
import { zodDetails } from '../errors';
import { parse } from './validate';

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

/** What a handler gets: the request's parts already parsed with the route's schemas, and the caller. */
export interface RouteInput<R extends RouteSpec> {
  params: Parsed<R['params']>;
  query: Parsed<R['query']>;
  body: Parsed<R['body']>;
  user: R['auth'] extends 'public' ? PublicUser | undefined : PublicUser;
  /** for what the contract does not cover: cookies, the caller's address, `close` */
  req: Request;
  res: Response;
}

/** A success status other than the route's default (it must be one the route declares). */
export class Reply<T> {
  constructor(
    readonly status: number,
    readonly body: T,
  ) {}
}
export const reply = <T>(status: number, body: T): Reply<T> => new Reply(status, body);

type ResponseBody<R extends RouteSpec> = z.input<R['response']>;
/** A download route's handler streams the file itself and returns nothing. */
// biome-ignore lint/suspicious/noConfusingVoidType: it is the handler's return type (an async handler returns Promise<void>)
type Result<R extends RouteSpec> = R['download'] extends readonly string[] ? void : ResponseBody<R> | Reply<ResponseBody<R>>;
export type RouteHandler<R extends RouteSpec> = (input: RouteInput<R>) => Result<R> | Promise<Result<R>>;

/**
 * Outside production (NODE_ENV) every answer is parsed with its response schema (socket acks with their ack
 * schema): a handler that drifts from the contract fails with a 500 and a log line.
 */
export const CHECK_RESPONSES = process.env.NODE_ENV !== 'production';

const GUARDS: Record<Auth, RequestHandler[]> = { public: [], user: [requireUser], admin: [requireRole('admin')] };

/**
 * Registers `handler` for a contract route on `router` (at the route's absolute path): the auth guard
 * (401/403), then params/query/body parsed with the route's schemas (400 invalid_request), then the handler,
 * whose return value is sent with the route's default status (or a Reply's). Errors thrown reach the one
 * error middleware.
 */
export function bind<R extends Route>(router: Router, route: R, handler: RouteHandler<R>): Router {
  const method = route.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
  router[method](route.path, ...GUARDS[route.auth], async (req: Request, res: Response) => {
    const input = {
      params: route.params ? parse(route.params, req.params) : undefined,
      query: route.query ? parse(route.query, req.query) : undefined,
      body: route.body ? parse(route.body, req.body) : undefined,
      user: route.auth === 'public' ? req.user : userOf(req),
      req,
      res,
    } as RouteInput<R>;
    const result = await handler(input);
    if (res.headersSent) return; // the handler answered itself (a stream)
    if (route.download) throw new Error(`${route.name}: a download route's handler must stream its answer`);
    const { status, body } = result instanceof Reply ? result : { status: successStatuses(route)[0], body: result };
    if (CHECK_RESPONSES) checkResponse(route, status, body);
    res.status(status).json(body);
  });
  return router;
}

function checkResponse(route: Route, status: number, body: unknown): void {
  const where = `${route.method} ${route.path} (${route.name})`;
  if (!successStatuses(route).includes(status)) throw new Error(`${where} answered ${status}, which the contract does not declare`);
  const result = route.response.safeParse(body);
  if (!result.success) throw new Error(`${where} answered a body the contract does not allow: ${JSON.stringify(zodDetails(result.error))}`);
}
