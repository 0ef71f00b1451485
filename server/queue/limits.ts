import { z } from 'zod';
import type { AppContext } from '../context';
import { HttpError } from '../errors';
import { type BucketRate, TokenBuckets } from './token-bucket';

export type QueueAction = 'next' | 'skip' | 'submit';

/**
 * PREFLOOP_RATE_LIMIT_PER_S: queue:next, skip and submit each, per user (HTTP and socket together) [50/s,
 * bursts of 2×]. A person labels a pair every few seconds; bench:labels drives ~20 labels/s per annotator.
 * Every socket also has one bucket for all its events, valid or not, at 4× that (its floods of garbage).
 */
const RateSchema = z.coerce.number().positive().max(1_000_000).default(50);

export interface QueueLimits {
  perUser: BucketRate;
  perSocket: BucketRate;
}

export function queueLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): QueueLimits {
  const parsed = RateSchema.safeParse(env.PREFLOOP_RATE_LIMIT_PER_S || undefined);
  if (!parsed.success) throw new Error(`PREFLOOP_RATE_LIMIT_PER_S: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  const perSecond = parsed.data;
  return { perUser: { perSecond, burst: 2 * perSecond }, perSocket: { perSecond: 4 * perSecond, burst: 8 * perSecond } };
}

export class QueueLimiter {
  private readonly users: Record<QueueAction, TokenBuckets<number>>;
  private readonly sockets: TokenBuckets<string>;

  constructor(clock: AppContext['clock'], limits: QueueLimits = queueLimitsFromEnv()) {
    const perUser = () => new TokenBuckets<number>(limits.perUser, clock);
    this.users = { next: perUser(), skip: perUser(), submit: perUser() };
    this.sockets = new TokenBuckets<string>(limits.perSocket, clock);
  }

  /** One `action` by `userId`; throws 429 rate_limited (details.retryAfterSeconds) when their bucket is empty. */
  user(userId: number, action: QueueAction): void {
    refuseIfWaiting(this.users[action].take(userId));
  }

  /** One event on a socket, whatever it is. */
  socket(socketId: string): void {
    refuseIfWaiting(this.sockets.take(socketId));
  }

  socketClosed(socketId: string): void {
    this.sockets.forget(socketId);
  }
}

/** Throws 429 rate_limited (details.retryAfterSeconds, whole seconds) when a bucket said to wait. */
export function refuseIfWaiting(waitS: number): void {
  if (waitS <= 0) return;
  const retryAfterSeconds = Math.ceil(waitS);
  throw new HttpError(429, 'rate_limited', `Too many requests; try again in ${retryAfterSeconds} s`, { retryAfterSeconds });
}
