import type { Clock } from '../clock';

export interface BucketRate {
  /** tokens added per second */
  perSecond: number;
  /** the most a bucket holds (the burst a quiet caller may send at once) */
  burst: number;
}

interface Bucket {
  tokens: number;
  atMs: number;
}

/**
 * Token buckets by key, in memory and bounded: at most `maxKeys` buckets, the least recently used dropped
 * first (a dropped bucket comes back full, so dropping is only ever lenient, never a lock-out for someone else).
 */
export class TokenBuckets<K> {
  private readonly buckets = new Map<K, Bucket>();

  constructor(
    private readonly rate: BucketRate,
    private readonly clock: Clock,
    private readonly maxKeys = 100_000,
  ) {}

  /** Takes one token for `key`: 0 when it was there, else the seconds until one will be (nothing taken). */
  take(key: K): number {
    const now = this.clock();
    const bucket = this.buckets.get(key) ?? { tokens: this.rate.burst, atMs: now };
    const elapsedS = Math.max(0, now - bucket.atMs) / 1000;
    bucket.tokens = Math.min(this.rate.burst, bucket.tokens + elapsedS * this.rate.perSecond);
    bucket.atMs = now;
    this.buckets.delete(key); // re-inserted below: Map order is recency order
    this.buckets.set(key, bucket);
    if (this.buckets.size > this.maxKeys) this.buckets.delete(this.buckets.keys().next().value as K);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return (1 - bucket.tokens) / this.rate.perSecond;
  }

  forget(key: K): void {
    this.buckets.delete(key);
  }

  get size(): number {
    return this.buckets.size;
  }
}
