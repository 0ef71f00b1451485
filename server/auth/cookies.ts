import { DEFAULT_AUTH_SETTINGS } from './settings';

export const SESSION_COOKIE = 'prefloop_session';

/** `a=1; b=2` → {a: '1', b: '2'}; malformed pieces are ignored. */
export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    try {
      out[name] = decodeURIComponent(value);
    } catch {
      // a value that is not valid percent-encoding is not ours
    }
  }
  return out;
}

/** Max-Age is the session's absolute lifetime; the server also ends it after its idle timeout. */
export function sessionCookie(token: string, secure: boolean, maxAgeS = DEFAULT_AUTH_SETTINGS.sessionTtlS): string {
  const flags = ['Path=/', 'HttpOnly', 'SameSite=Lax', `Max-Age=${maxAgeS}`, ...(secure ? ['Secure'] : [])];
  return [`${SESSION_COOKIE}=${token}`, ...flags].join('; ');
}

export const clearedSessionCookie = (): string => `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`;
