/** Milliseconds since the epoch. Injected so tests can move time (lease expiry) without sleeping. */
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();

/** Stored times are ISO-8601 UTC with milliseconds, the same text SQLite's strftime('%Y-%m-%dT%H:%M:%fZ') writes. */
export const isoAt = (ms: number): string => new Date(ms).toISOString();
