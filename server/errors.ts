import { ZodError } from 'zod';
import type { ApiError } from '../shared/schemas/common';

/** The one error type routes and services throw; the middleware below turns it into {error: {code, message, details}}. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const notFound = (what: string) => new HttpError(404, 'not_found', `${what} not found`);

/** zod issues as a short list a person can read: [{path: 'pick', message: 'Invalid option ...'}]. */
export function zodDetails(error: ZodError) {
  return error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
}

/** Any thrown value → the wire error shape plus an HTTP status. Shared by HTTP and socket acks. */
export function toApiError(err: unknown): { status: number; body: ApiError } {
  if (err instanceof HttpError) {
    const error = { code: err.code, message: err.message, ...(err.details === undefined ? {} : { details: err.details }) };
    return { status: err.status, body: { error } };
  }
  if (err instanceof ZodError) {
    return { status: 400, body: { error: { code: 'invalid_request', message: 'The request is not valid', details: zodDetails(err) } } };
  }
  const bodyError = expressError(err);
  if (bodyError) return bodyError;
  // another connection (the CLI) held the write lock for longer than the server waits (store/groupCommit.ts)
  if ((err as { code?: unknown } | null)?.code === 'SQLITE_BUSY') {
    return { status: 503, body: { error: { code: 'database_busy', message: 'Another process holds the database write lock; try again shortly' } } };
  }
  return { status: 500, body: { error: { code: 'internal', message: 'Something went wrong on the server' } } };
}

/** Errors from express's own parts (body-parser, send): a client mistake carries a 4xx `status`. */
function expressError(err: unknown): { status: number; body: ApiError } | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const { type, status } = err as { type?: unknown; status?: unknown };
  if (type === 'entity.parse.failed') {
    return { status: 400, body: { error: { code: 'bad_json', message: 'The request body is not valid JSON' } } };
  }
  if (type === 'entity.too.large') {
    return { status: 413, body: { error: { code: 'payload_too_large', message: 'The request body is too large' } } };
  }
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const code = typeof type === 'string' ? type.replace(/\W+/g, '_') : status === 404 ? 'not_found' : 'bad_request';
    return { status, body: { error: { code, message: String((err as { message?: unknown }).message) } } };
  }
  return undefined;
}
