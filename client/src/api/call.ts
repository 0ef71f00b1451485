/**
 * The client's one way to reach a REST route: `call(ROUTES.name, {params, query, body})` builds the URL from
 * the contract (shared/contract.ts), sends, and parses the answer with the route's response schema, so what a
 * caller gets is the declared type or an error: ApiRequestError for the server's error shape (or an answer
 * that breaks the contract: code 'invalid_response'), NetworkError when no answer came.
 */
import {
  buildPath,
  buildQuery,
  type PathParams,
  type Route,
  type RouteBody,
  type RouteParams,
  type RouteQuery,
  type RouteResponse,
} from '../../../shared/contract';
import { ApiRequestError, request } from './http';

type ParamsPart<R extends Route> = [PathParams<R['path']>] extends [never] ? { params?: undefined } : { params: RouteParams<R> };
type QueryPart<R extends Route> = R['query'] extends object ? { query?: RouteQuery<R> } : { query?: undefined };
type BodyPart<R extends Route> = R['body'] extends object ? { body: RouteBody<R> } : { body?: undefined };
export type CallInput<R extends Route> = ParamsPart<R> & QueryPart<R> & BodyPart<R> & { signal?: AbortSignal };

/** The input argument may be left out when the route needs none. */
type CallArgs<R extends Route> = object extends CallInput<R> ? [input?: CallInput<R>] : [input: CallInput<R>];

type Loose = { params?: Record<string, string | number>; query?: Record<string, unknown>; body?: unknown; signal?: AbortSignal };

export async function call<R extends Route>(route: R, ...[input]: CallArgs<R>): Promise<RouteResponse<R>> {
  const { params, query, body, signal } = (input ?? {}) as Loose;
  const url = buildPath(route.path, params) + buildQuery(query);
  const sent = route.method === 'GET' ? undefined : (body ?? {});
  const { status, payload } = await request(route.method, url, sent, signal);
  const parsed = route.response.safeParse(payload);
  if (!parsed.success) {
    const message = `${route.method} ${route.path} answered something the client does not understand`;
    throw new ApiRequestError(status, 'invalid_response', message, parsed.error.issues);
  }
  return parsed.data as RouteResponse<R>;
}
