import type { AppContext } from '../context';
import type { Env } from '../env';

/** How long sessions live and whom to believe about the caller's address. */
export interface AuthSettings {
  /** a session ends this long after login, whatever happens (also the cookie's Max-Age) */
  sessionTtlS: number;
  /** …or this long after its last request */
  sessionIdleS: number;
  /** express `trust proxy`: false (the socket's address), true, a hop count, or addresses/subnets (comma-separated) */
  trustProxy: boolean | number | string;
}

export const DEFAULT_AUTH_SETTINGS: AuthSettings = {
  sessionTtlS: 7 * 24 * 3600,
  sessionIdleS: 24 * 3600,
  trustProxy: false,
};

/** last_seen_at / last_used_at are written at most this often per session or token, never once per request. */
export const TOUCH_INTERVAL_MS = 60_000;

export const authSettingsOf = (ctx: Pick<AppContext, 'auth'>): AuthSettings => ctx.auth ?? DEFAULT_AUTH_SETTINGS;

/** The settings the environment gives (server/env.ts). */
export const authSettingsFromEnv = (env: Pick<Env, 'PREFLOOP_SESSION_HOURS' | 'PREFLOOP_SESSION_IDLE_HOURS' | 'PREFLOOP_TRUST_PROXY'>): AuthSettings => ({
  sessionTtlS: Math.round(env.PREFLOOP_SESSION_HOURS * 3600),
  sessionIdleS: Math.round(env.PREFLOOP_SESSION_IDLE_HOURS * 3600),
  trustProxy: env.PREFLOOP_TRUST_PROXY,
});
