// Per-user limit on /v1 generations (completions and chat completions, streamed or not): a token bucket per
// user, so that one caller cannot keep the policy server's bounded queue full for everyone else. Past it the
// answer is 429 rate_limit_error with Retry-After; prefloop's own OpenAI client (the generate job) waits and
// retries.
import { z } from 'zod';
import type { Clock } from '../clock';
import { refuseIfWaiting } from '../queue/limits';
import { type BucketRate, TokenBuckets } from '../queue/token-bucket';

/** PREFLOOP_V1_RATE_PER_S: /v1 generation requests per user per second [10, bursts of 2×]. */
const RateSchema = z.coerce.number().positive().max(1_000_000).default(10);

export function v1RateFromEnv(env: NodeJS.ProcessEnv = process.env): BucketRate {
  const parsed = RateSchema.safeParse(env.PREFLOOP_V1_RATE_PER_S || undefined);
  if (!parsed.success) throw new Error(`PREFLOOP_V1_RATE_PER_S: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  return { perSecond: parsed.data, burst: 2 * parsed.data };
}

export class V1RateLimiter {
  private readonly buckets: TokenBuckets<number>;

  constructor(clock: Clock, rate: BucketRate = v1RateFromEnv()) {
    this.buckets = new TokenBuckets<number>(rate, clock);
  }

  /** One generation request by `userId`; throws 429 rate_limited (details.retryAfterSeconds) when over. */
  take(userId: number): void {
    refuseIfWaiting(this.buckets.take(userId));
  }
}
