import type { z } from 'zod';

export const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type Method = (typeof METHODS)[number];

/** Every admin-only route lives under it (one guard answers 401/403 for any path below, even unknown ones). */
export const ADMIN_PREFIX = '/api/admin';

/** Who may call a route: anyone, any logged-in user, or admins only (401 without a session, 403 for others). */
export type Auth = 'public' | 'user' | 'admin';

/** One HTTP route of the contract: everything server, client and tests need to know about it. */
export interface RouteSpec {
  method: Method;
  /** express syntax, `:name` for a path parameter */
  path: string;
  auth: Auth;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  response: z.ZodType;
  /** success statuses [200]; the first is the default, the others a handler may choose (server/http/contract.ts) */
  status?: readonly [number, ...number[]];
  /** a longer body limit than the default 64 KB (imports carry whole files) */
  bodyLimit?: string;
  /**
   * The answer is a file the handler streams itself (its content types), not JSON; `response` then describes
   * the file's text. Errors before the first byte still answer in the one JSON error shape.
   */
  download?: readonly [string, ...string[]];
}

/** A route with its name in the table (the key it is declared under). */
export type Route<S extends RouteSpec = RouteSpec, N extends string = string> = S & { name: N };

/** Declares one route (the identity, for type inference: each field keeps its exact type). */
export const route = <const S extends RouteSpec>(spec: S): S => spec;

/** The statuses a route answers on success, the default first. */
export const successStatuses = (spec: RouteSpec): readonly [number, ...number[]] => spec.status ?? [200];

/** Gives each declared route its name (its key), so a route object alone says which it is. */
export function nameRoutes<T extends Record<string, RouteSpec>>(table: T): { [K in keyof T & string]: Route<T[K], K> } {
  return Object.fromEntries(Object.entries(table).map(([name, spec]) => [name, { ...spec, name }])) as never;
}

/** `/api/admin/users/:id` → `'id'` */
export type PathParams<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? Name | PathParams<`/${Rest}`>
  : P extends `${string}:${infer Name}`
    ? Name
    : never;

/** The path with its `:params` filled in (URI-encoded). Throws when one is missing. */
export function buildPath(path: string, params: Record<string, string | number> = {}): string {
  return path.replace(/:(\w+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`${path}: missing path parameter ${name}`);
    return encodeURIComponent(String(value));
  });
}

/** `?a=1&b=x` from the defined values of a query object ('' when there are none). */
export function buildQuery(query: Record<string, unknown> = {}): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== null) search.append(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** Types a client sends and gets for a route (params from the path, query/body as the schemas accept them). */
export type RouteParams<R extends RouteSpec> = Record<PathParams<R['path']>, string | number>;
export type RouteQuery<R extends RouteSpec> = R['query'] extends z.ZodType ? Partial<z.output<R['query']>> : never;
export type RouteBody<R extends RouteSpec> = R['body'] extends z.ZodType ? z.input<R['body']> : never;
export type RouteResponse<R extends RouteSpec> = z.output<R['response']>;
