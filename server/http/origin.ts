import type { IncomingHttpHeaders } from 'node:http';
import type { RequestHandler } from 'express';
import { z } from 'zod';
import { parseCookies, SESSION_COOKIE } from '../auth/cookies';
import { HttpError } from '../errors';

/** Vite's dev server (scripts/dev.mjs, port 5173) proxies /api and /socket.io to the API server. */
const DEV_ORIGINS = ['http://localhost:5173', 'http://127.0.0.1:5173'];

const OriginListSchema = z
  .string()
  .default('')
  .transform((list) => list.split(',').map((o) => o.trim()).filter(Boolean))
  .pipe(z.array(z.url().transform((o) => new URL(o).origin)));

/** PREFLOOP_ALLOWED_ORIGINS (comma separated), plus Vite's dev origins outside production. */
export function allowedOrigins(env: NodeJS.ProcessEnv = process.env): Set<string> {
  const parsed = OriginListSchema.safeParse(env.PREFLOOP_ALLOWED_ORIGINS || undefined);
  if (!parsed.success) throw new Error(`PREFLOOP_ALLOWED_ORIGINS: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  return new Set([...parsed.data, ...(env.NODE_ENV === 'production' ? [] : DEV_ORIGINS)]);
}

/**
 * Whether a request may change state on behalf of whoever its credentials name. A browser sends Origin on
 * cross-site requests (and on same-origin POSTs); scripts with a bearer token send none. So: a present
 * Origin must be the Host's own or a listed one; an absent Origin is fine unless the request rides a
 * session cookie and the browser says (Sec-Fetch-Site) it came from another site.
 */
export function originAllowed(headers: IncomingHttpHeaders, allowed: Set<string>): boolean {
  const origin = headers.origin;
  if (origin !== undefined) return allowed.has(origin) || sameHost(origin, headers.host);
  if (!parseCookies(headers.cookie)[SESSION_COOKIE]) return true;
  const site = headers['sec-fetch-site'];
  return site === undefined || site === 'same-origin' || site === 'none';
}

function sameHost(origin: string, host: string | undefined): boolean {
  if (!host) return false;
  try {
    return new URL(origin).host === host.toLowerCase();
  } catch {
    return false; // "null" (sandboxed frames, file://) and garbage
  }
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** CSRF guard for /api: a state-changing request from a foreign origin → 403 forbidden_origin, before its body is read. */
export function originGuard(allowed = allowedOrigins()): RequestHandler {
  return (req, _res, next) => {
    if (!STATE_CHANGING.has(req.method) || originAllowed(req.headers, allowed)) return next();
    next(new HttpError(403, 'forbidden_origin', 'This request came from another site', { origin: req.headers.origin ?? null }));
  };
}
