/**
 * Failed-login limiter, in memory (it protects one server process, which is what this platform runs).
 *
 * - Per account + address: at most `maxFailures` failures, then that pair waits until `windowMs` after its last.
 * - Per account from any address (a guesser with many addresses): after `accountFreeFailures`, each further
 *   attempt waits min(backoffMaxMs, backoffBaseMs · 2^(failures − free)) after the last one. A back-off, not a
 *   lock: the wait is bounded, and addresses the account logged in from before skip it, so a guesser cannot
 *   keep the owner out.
 *
 * An attempt is counted when it is reserved, before the password is checked (parallel guesses cannot all
 * pass the check), and given back on success. Memory is bounded: when a map is full, expired counters go
 * first, then the weakest (fewest failures, then oldest), so a flood of fresh keys cannot push out the
 * counter of the account it is guessing at.
 */
export interface LoginLimits {
  maxFailures: number;
  windowMs: number;
  accountFreeFailures: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** an account's failures are forgotten this long after its last one */
  accountWindowMs: number;
  /** an address the account logged in from is trusted (no account back-off) this long */
  knownAddressMs: number;
  /** per map (pairs, accounts, known addresses) */
  maxKeys: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = {
  maxFailures: 10,
  windowMs: 5 * 60_000,
  accountFreeFailures: 30,
  backoffBaseMs: 1000,
  backoffMaxMs: 5 * 60_000,
  accountWindowMs: 60 * 60_000,
  knownAddressMs: 30 * 24 * 3600_000,
  maxKeys: 10_000,
};

interface Counter {
  failures: number;
  /** ms of the last counted attempt */
  last: number;
}

/** What `reserve` counted; hand it back to `succeed` or `release`. */
export interface LoginAttempt {
  pair: string;
  account: string;
}

export type Reservation = { ok: true; attempt: LoginAttempt } | { ok: false; retryAfterSeconds: number };

export class LoginLimiter {
  readonly limits: LoginLimits;
  private readonly pairs = new Map<string, Counter>();
  private readonly accounts = new Map<string, Counter>();
  /** account|address → ms of the last successful login from there */
  private readonly known = new Map<string, number>();

  constructor(
    private readonly now: () => number,
    limits: Partial<LoginLimits> = {},
  ) {
    this.limits = { ...DEFAULT_LOGIN_LIMITS, ...limits };
  }

  /** Counts an attempt by `account` from `address` now, or says how long to wait when it is not allowed. */
  reserve(account: string, address: string): Reservation {
    const now = this.now();
    const attempt = { pair: `${account}|${address}`, account };
    const pair = this.live(this.pairs, attempt.pair, this.limits.windowMs, now);
    const acct = this.live(this.accounts, account, this.limits.accountWindowMs, now);
    let waitMs = 0;
    if (pair && pair.failures >= this.limits.maxFailures) waitMs = pair.last + this.limits.windowMs - now;
    if (acct && !this.isKnown(attempt.pair, now)) waitMs = Math.max(waitMs, acct.last + this.backoffMs(acct.failures) - now);
    if (waitMs > 0) return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
    this.count(this.pairs, attempt.pair, pair, now);
    this.count(this.accounts, account, acct, now);
    return { ok: true, attempt };
  }

  /** The password was right: the attempt does not count, the pair starts afresh, and the address is known. */
  succeed(attempt: LoginAttempt): void {
    this.pairs.delete(attempt.pair);
    this.uncount(this.accounts, attempt.account);
    this.known.delete(attempt.pair);
    this.known.set(attempt.pair, this.now());
    if (this.known.size > this.limits.maxKeys) this.known.delete(this.known.keys().next().value as string);
  }

  /** Neither a right nor a wrong guess (e.g. a disabled account): the attempt does not count. */
  release(attempt: LoginAttempt): void {
    this.uncount(this.pairs, attempt.pair);
    this.uncount(this.accounts, attempt.account);
  }

  /** How many counters are held (for tests of the memory bound). */
  size(): { pairs: number; accounts: number; known: number } {
    return { pairs: this.pairs.size, accounts: this.accounts.size, known: this.known.size };
  }

  private backoffMs(failures: number): number {
    const over = failures - this.limits.accountFreeFailures;
    if (over < 0) return 0;
    return Math.min(this.limits.backoffMaxMs, this.limits.backoffBaseMs * 2 ** Math.min(over, 40));
  }

  private isKnown(pair: string, now: number): boolean {
    const at = this.known.get(pair);
    return at !== undefined && now - at < this.limits.knownAddressMs;
  }

  private live(map: Map<string, Counter>, key: string, windowMs: number, now: number): Counter | undefined {
    const counter = map.get(key);
    if (counter && now - counter.last >= windowMs) {
      map.delete(key);
      return undefined;
    }
    return counter;
  }

  private count(map: Map<string, Counter>, key: string, counter: Counter | undefined, now: number): void {
    map.delete(key); // re-inserted last: the map's order is oldest activity first
    map.set(key, { failures: (counter?.failures ?? 0) + 1, last: now });
    if (map.size > this.limits.maxKeys) this.prune(map, now);
  }

  private uncount(map: Map<string, Counter>, key: string): void {
    const counter = map.get(key);
    if (!counter) return;
    if (counter.failures <= 1) map.delete(key);
    else counter.failures -= 1;
  }

  /** Down to 90 % of maxKeys: expired counters, then the fewest failures (oldest first). */
  private prune(map: Map<string, Counter>, now: number): void {
    const windowMs = map === this.pairs ? this.limits.windowMs : this.limits.accountWindowMs;
    for (const [key, counter] of map) if (now - counter.last >= windowMs) map.delete(key);
    const target = Math.floor(this.limits.maxKeys * 0.9);
    if (map.size <= target) return;
    const weakest = [...map].sort(([, a], [, b]) => a.failures - b.failures || a.last - b.last);
    for (const [key] of weakest.slice(0, map.size - target)) map.delete(key);
  }
}
