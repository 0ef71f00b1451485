import { parseCookies, SESSION_COOKIE } from '../auth/cookies';
import { sha256 } from '../auth/secrets';

/** Server-only room of the sockets opened with one session cookie (named by the token's hash, never the token). */
export const sessionRoom = (sessionToken: string): string => `session:${sha256(sessionToken)}`;

/** The session room for a handshake's Cookie header, if it carries a session. */
export function sessionRoomOf(cookieHeader: string | undefined): string[] {
  const token = parseCookies(cookieHeader)[SESSION_COOKIE];
  return token ? [sessionRoom(token)] : [];
}
