// How the client waits before trying a request again: exponential backoff, never sooner than the server asked.
import { describe, expect, it } from 'vitest';
import { ApiRequestError, NetworkError } from '../../client/src/api/http';
import { isTransient, retryDelayMs } from '../../client/src/api/retry';

const limited = (seconds: unknown) => new ApiRequestError(429, 'rate_limited', 'Too many requests', { retryAfterSeconds: seconds });

describe('client retries', () => {
  it('backs off exponentially from 0.5 s, capped at 10 s', () => {
    const lost = new NetworkError(new Error('offline'));
    expect([0, 1, 2, 3, 4, 5, 9].map((attempt) => retryDelayMs(lost, attempt))).toEqual([500, 1000, 2000, 4000, 8000, 10_000, 10_000]);
  });

  it("waits at least the server's retryAfterSeconds on a 429, and ignores a malformed one", () => {
    expect(retryDelayMs(limited(3), 0)).toBe(3000);
    expect(retryDelayMs(limited(3), 3)).toBe(4000); // the backoff is longer by then
    expect(retryDelayMs(limited(1e9), 0)).toBe(300_000); // capped at 5 minutes
    for (const bad of ['3', -1, Number.NaN, null]) expect(retryDelayMs(limited(bad), 0)).toBe(500);
  });

  it('retries lost connections, 5xx, 408 and 429, not other 4xx', () => {
    expect(isTransient(new NetworkError(new Error('offline')))).toBe(true);
    expect(isTransient(limited(1))).toBe(true);
    expect(isTransient(new ApiRequestError(503, 'overloaded', 'busy'))).toBe(true);
    expect(isTransient(new ApiRequestError(408, 'timeout', 'slow'))).toBe(true);
    expect(isTransient(new ApiRequestError(400, 'invalid_input', 'bad'))).toBe(false);
    expect(isTransient(new ApiRequestError(403, 'forbidden', 'no'))).toBe(false);
    expect(isTransient(new Error('bug'))).toBe(false);
  });
});
