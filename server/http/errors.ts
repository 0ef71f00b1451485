import type { ErrorRequestHandler, RequestHandler } from 'express';
import { HttpError, toApiError } from '../errors';

export const apiNotFound: RequestHandler = (req) => {
  throw new HttpError(404, 'not_found', `No route ${req.method} ${req.baseUrl}${req.path}`);
};

export function errorMiddleware(log: (message: string, err: unknown) => void): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const { status, body } = toApiError(err);
    if (status >= 500) log(`${req.method} ${req.originalUrl} failed`, err);
    if (res.headersSent) return void res.end();
    const retryAfter = err instanceof HttpError ? (err.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds : undefined;
    if (typeof retryAfter === 'number') res.set('Retry-After', String(retryAfter));
    res.status(status).json(body);
  };
}
