import { ApiRequestError, NetworkError } from './http';

/** A lost connection, a 5xx, 408 or 429: the same request may succeed later. */
export const isTransient = (error: unknown): boolean =>
  error instanceof NetworkError || (error instanceof ApiRequestError && error.retryable);

/** 0.5 s, 1 s, 2 s … capped at 10 s between tries. */
const backoffMs = (attempt: number) => Math.min(500 * 2 ** attempt, 10_000);

/**
 * How long to wait before try `attempt + 1`: exponential backoff, but never less than the server asked for
 * (a 429 `rate_limited` or 503 carries `details.retryAfterSeconds`, also sent as the Retry-After header).
 */
export function retryDelayMs(error: unknown, attempt: number): number {
  const asked = error instanceof ApiRequestError ? (error.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds : undefined;
  const askedMs = typeof asked === 'number' && Number.isFinite(asked) && asked > 0 ? Math.min(asked, 300) * 1000 : 0;
  return Math.max(backoffMs(attempt), askedMs);
}
