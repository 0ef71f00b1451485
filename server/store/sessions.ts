import type { Database } from 'better-sqlite3';
import type { PublicUser } from '../../shared/schemas/auth';
import { PUBLIC_USER_COLUMNS, toPublicUser } from './users';

/** Browser sessions, stored only as sha256 of the cookie's secret (bearer tokens: tokens.ts). */
export function sessionsRepo(db: Database) {
  const q = {
    insert: db.prepare<[string, number, string, string]>(
      'INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)',
    ),
    userBySession: db.prepare<[string, string, string], Parameters<typeof toPublicUser>[0] & { last_seen_at: string }>(
      `SELECT ${PUBLIC_USER_COLUMNS}, coalesce(s.last_seen_at, s.created_at) AS last_seen_at
       FROM sessions s JOIN users u ON u.id = s.user_id
       WHERE s.token_hash = ? AND s.expires_at > ? AND coalesce(s.last_seen_at, s.created_at) > ? AND u.disabled = 0`,
    ),
    // the condition makes concurrent touches of one session a single write
    touch: db.prepare<[string, string, string]>(
      'UPDATE sessions SET last_seen_at = ? WHERE token_hash = ? AND coalesce(last_seen_at, created_at) < ?',
    ),
    delete: db.prepare<[string]>('DELETE FROM sessions WHERE token_hash = ?'),
    deleteForUser: db.prepare<[number]>('DELETE FROM sessions WHERE user_id = ?'),
    purgeExpired: db.prepare<[string, string]>('DELETE FROM sessions WHERE expires_at <= ? OR coalesce(last_seen_at, created_at) <= ?'),
  };

  return {
    createSession(tokenHash: string, userId: number, nowIso: string, expiresIso: string): void {
      q.insert.run(tokenHash, userId, nowIso, expiresIso);
    },
    /** The user behind a live session (not past expires_at, seen after `idleSinceIso`); disabled users have none. */
    userBySession(tokenHash: string, nowIso: string, idleSinceIso = ''): { user: PublicUser; lastSeenAt: string } | undefined {
      const row = q.userBySession.get(tokenHash, nowIso, idleSinceIso);
      return row && { user: toPublicUser(row), lastSeenAt: row.last_seen_at };
    },
    /** Sets last_seen_at = now unless it is already after `staleBeforeIso`. */
    touch: (tokenHash: string, nowIso: string, staleBeforeIso: string) => void q.touch.run(nowIso, tokenHash, staleBeforeIso),
    deleteSession: (tokenHash: string) => void q.delete.run(tokenHash),
    deleteSessionsOf: (userId: number) => q.deleteForUser.run(userId).changes,
    /** Deletes sessions past their end or idle since `idleSinceIso`; returns how many. */
    purgeExpired: (nowIso: string, idleSinceIso = '') => q.purgeExpired.run(nowIso, idleSinceIso).changes,
  };
}
