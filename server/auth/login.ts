import type { PublicUser } from '../../shared/schemas/auth';
import { isoAt } from '../clock';
import type { AppContext } from '../context';
import { HttpError } from '../errors';
import { dummyHash, hashPassword, needsRehash, verifyPassword } from './password';
import { newSecret, sha256 } from './secrets';
import { authSettingsOf } from './settings';

/**
 * Checks name + password and opens a session; returns its secret token. The attempt is counted by the
 * limiter before the (slow) password check and given back on success, so parallel guesses cannot all pass.
 */
export async function login(
  ctx: AppContext,
  name: string,
  password: string,
  address: string,
): Promise<{ user: PublicUser; token: string }> {
  const reservation = ctx.loginLimiter.reserve(name.toLowerCase(), address);
  if (!reservation.ok) {
    const wait = reservation.retryAfterSeconds;
    throw new HttpError(429, 'rate_limited', `Too many failed logins. Try again in ${wait} s.`, { retryAfterSeconds: wait });
  }
  const credentials = ctx.store.users.credentials(name);
  const ok = await verifyPassword(password, credentials?.passwordHash ?? (await dummyHash()));
  if (!credentials || !ok) throw new HttpError(401, 'invalid_credentials', 'Wrong name or password'); // the attempt stays counted
  if (credentials.disabled) {
    ctx.loginLimiter.release(reservation.attempt);
    throw new HttpError(403, 'account_disabled', 'This account is disabled');
  }
  ctx.loginLimiter.succeed(reservation.attempt);
  if (needsRehash(credentials.passwordHash)) await rehash(ctx, credentials.id, credentials.passwordHash, password);

  const settings = authSettingsOf(ctx);
  const token = newSecret();
  const now = ctx.clock();
  const nowIso = isoAt(now);
  ctx.store.sessions.purgeExpired(nowIso, isoAt(now - settings.sessionIdleS * 1000)); // a login is rare enough to sweep here
  ctx.store.sessions.createSession(sha256(token), credentials.id, nowIso, isoAt(now + settings.sessionTtlS * 1000));
  return { user: ctx.store.users.byId(credentials.id) as PublicUser, token };
}

/** A hash of older, cheaper parameters is replaced now that the password is known; a failure only costs the upgrade. */
async function rehash(ctx: AppContext, userId: number, oldHash: string, password: string): Promise<void> {
  try {
    ctx.store.users.rehash(userId, oldHash, await hashPassword(password));
  } catch (err) {
    ctx.log.error(`rehashing the password of user ${userId} failed`, err);
  }
}

export function logout(ctx: AppContext, sessionToken: string | undefined): void {
  if (sessionToken) ctx.store.sessions.deleteSession(sha256(sessionToken));
}
