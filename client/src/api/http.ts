/**
 * fetch, wrapped once: JSON in and out, the session cookie sent along, and the server's one error shape
 * `{error: {code, message, details}}` turned into an ApiRequestError. A request that never got an answer
 * (offline, server restarting) throws NetworkError instead, so callers can tell "retry" from "rejected".
 */
import { ApiErrorSchema } from '../../../shared/schemas/common';

export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiRequestError';
  }

  /** 5xx, 408 and 429 mean "try again later", not "your request is wrong". */
  get retryable(): boolean {
    return this.status >= 500 || this.status === 408 || this.status === 429;
  }
}

export class NetworkError extends Error {
  constructor(cause: unknown) {
    super('The server could not be reached', { cause });
    this.name = 'NetworkError';
  }
}

import type { Method } from '../../../shared/contract';

let unauthorizedHandler: (() => void) | null = null;

/** Called on any 401 (session expired or logged out elsewhere). */
export function onUnauthorized(handler: (() => void) | null): void {
  unauthorizedHandler = handler;
}

/** One round trip: the parsed JSON answer of a 2xx, else an ApiRequestError (or NetworkError). */
export async function request(method: Method, path: string, body?: unknown, signal?: AbortSignal): Promise<{ status: number; payload: unknown }> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers:
        body === undefined
          ? { Accept: 'application/json' }
          : { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new NetworkError(error);
  }
  const payload: unknown = response.status === 204 ? null : await response.json().catch(() => null);
  if (response.ok) return { status: response.status, payload };
  if (response.status === 401) unauthorizedHandler?.();
  throw toApiError(response, payload);
}

function toApiError(response: Response, payload: unknown): ApiRequestError {
  const parsed = ApiErrorSchema.safeParse(payload);
  if (parsed.success) {
    const { code, message, details } = parsed.data.error;
    return new ApiRequestError(response.status, code, message, details);
  }
  return new ApiRequestError(response.status, 'http_error', `${response.status} ${response.statusText}`.trim());
}

/** A message fit to show a person, whatever was thrown. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiRequestError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}
