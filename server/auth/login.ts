import type { PublicUser } from '../../shared/schemas/auth';
import { isoAt } from '../clock';
import type { AppContext } from '../context';
import { HttpError } from '../errors';
import { SESSION_MAX_AGE_S } from './cookies';
import { dummyHash, verifyPassword } from './password';
import { newSecret, sha256 } from './secrets';

/** Checks name + password (rate-limited per name and address) and opens a session; returns its secret token. */
export async function login(
  ctx: AppContext,
  name: string,
  password: string,
  address: string,
): Promise<{ user: PublicUser; token: string }> {
  const key = `${name.toLowerCase()}|${address}`;
  const wait = ctx.loginLimiter.retryAfterSeconds(key);
  if (wait > 0) {
    throw new HttpError(429, 'rate_limited', `Too many failed logins. Try again in ${wait} s.`, { retryAfterSeconds: wait });
  }
  const credentials = ctx.store.users.credentials(name);
  const ok = await verifyPassword(password, credentials?.passwordHash ?? (await dummyHash()));
  if (!credentials || !ok) {
    ctx.loginLimiter.fail(key);
    throw new HttpError(401, 'invalid_credentials', 'Wrong name or password');
  }
  if (credentials.disabled) throw new HttpError(403, 'account_disabled', 'This account is disabled');
  ctx.loginLimiter.succeed(key);

  const token = newSecret();
  const now = ctx.clock();
  ctx.store.sessions.createSession(sha256(token), credentials.id, isoAt(now), isoAt(now + SESSION_MAX_AGE_S * 1000));
  return { user: ctx.store.users.byId(credentials.id) as PublicUser, token };
}

export function logout(ctx: AppContext, sessionToken: string | undefined): void {
  if (sessionToken) ctx.store.sessions.deleteSession(sha256(sessionToken));
}
