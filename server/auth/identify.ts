import type { PublicUser } from '../../shared/schemas/auth';
import type { Store } from '../store';
import { parseCookies, SESSION_COOKIE } from './cookies';
import { sha256 } from './secrets';

export interface Credentials {
  /** the Cookie header */
  cookie?: string;
  /** the Authorization header ("Bearer …") or a bare token (socket.io handshake auth) */
  bearer?: string;
}

/** Who is calling: a live session cookie or an unrevoked bearer token of an enabled user. Used by HTTP and sockets. */
export function identify(store: Store, credentials: Credentials, nowIso: string): PublicUser | undefined {
  const session = parseCookies(credentials.cookie)[SESSION_COOKIE];
  if (session) {
    const user = store.sessions.userBySession(sha256(session), nowIso);
    if (user) return user;
  }
  const bearer = credentials.bearer?.replace(/^Bearer\s+/i, '').trim();
  if (bearer) return store.sessions.userByToken(sha256(bearer));
  return undefined;
}
