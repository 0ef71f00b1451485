import type { PublicUser } from '../../shared/schemas/auth';
import type { Store } from '../store';
import { parseCookies, SESSION_COOKIE } from './cookies';
import { sha256 } from './secrets';
import { type AuthSettings, DEFAULT_AUTH_SETTINGS, TOUCH_INTERVAL_MS } from './settings';

export interface Credentials {
  /** the Cookie header */
  cookie?: string;
  /** the Authorization header ("Bearer …") or a bare token (socket.io handshake auth) */
  bearer?: string;
}

/**
 * Who is calling: a live session cookie (not past its end, not idle longer than `sessionIdleS`) or an
 * unrevoked, unexpired bearer token, of an enabled user. Used by HTTP and sockets. Last use is written at most
 * once a minute per session or token, so a busy client costs one small write a minute, not one per request.
 */
export function identify(
  store: Store,
  credentials: Credentials,
  nowIso: string,
  settings: Pick<AuthSettings, 'sessionIdleS'> = DEFAULT_AUTH_SETTINGS,
): PublicUser | undefined {
  const now = Date.parse(nowIso);
  const staleBefore = new Date(now - TOUCH_INTERVAL_MS).toISOString();
  const session = parseCookies(credentials.cookie)[SESSION_COOKIE];
  if (session) {
    const hash = sha256(session);
    const found = store.sessions.userBySession(hash, nowIso, new Date(now - settings.sessionIdleS * 1000).toISOString());
    if (found) {
      if (found.lastSeenAt < staleBefore) store.sessions.touch(hash, nowIso, staleBefore);
      return found.user;
    }
  }
  const bearer = credentials.bearer?.replace(/^Bearer\s+/i, '').trim();
  if (!bearer) return undefined;
  const found = store.tokens.userByToken(sha256(bearer), nowIso);
  if (!found) return undefined;
  if (found.lastUsedAt === null || found.lastUsedAt < staleBefore) store.tokens.touch(found.tokenId, nowIso, staleBefore);
  return found.user;
}
