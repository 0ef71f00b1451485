import type { Database } from 'better-sqlite3';
import type { PublicUser } from '../../shared/schemas/auth';
import { PUBLIC_USER_COLUMNS, toPublicUser } from './users';

/** Browser sessions and script bearer tokens: both stored only as sha256 of the secret. */
export function sessionsRepo(db: Database) {
  const q = {
    insert: db.prepare<[string, number, string, string]>(
      'INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)',
    ),
    userBySession: db.prepare(
      `SELECT ${PUBLIC_USER_COLUMNS} FROM sessions s JOIN users u ON u.id = s.user_id
       WHERE s.token_hash = ? AND s.expires_at > ? AND u.disabled = 0`,
    ),
    delete: db.prepare<[string]>('DELETE FROM sessions WHERE token_hash = ?'),
    deleteForUser: db.prepare<[number]>('DELETE FROM sessions WHERE user_id = ?'),
    purgeExpired: db.prepare<[string]>('DELETE FROM sessions WHERE expires_at <= ?'),
    insertToken: db.prepare<[string, number, string]>('INSERT INTO api_tokens (token_hash, user_id, label) VALUES (?, ?, ?)'),
    userByToken: db.prepare(
      `SELECT ${PUBLIC_USER_COLUMNS} FROM api_tokens t JOIN users u ON u.id = t.user_id
       WHERE t.token_hash = ? AND t.revoked = 0 AND u.disabled = 0`,
    ),
  };
  type Row = Parameters<typeof toPublicUser>[0];

  return {
    createSession(tokenHash: string, userId: number, nowIso: string, expiresIso: string): void {
      q.insert.run(tokenHash, userId, nowIso, expiresIso);
    },
    /** The user behind a live session; disabled users have none. */
    userBySession(tokenHash: string, nowIso: string): PublicUser | undefined {
      const row = q.userBySession.get(tokenHash, nowIso) as Row | undefined;
      return row && toPublicUser(row);
    },
    deleteSession: (tokenHash: string) => void q.delete.run(tokenHash),
    deleteSessionsOf: (userId: number) => void q.deleteForUser.run(userId),
    purgeExpired: (nowIso: string) => q.purgeExpired.run(nowIso).changes,
    createToken(tokenHash: string, userId: number, label: string): number {
      return Number(q.insertToken.run(tokenHash, userId, label).lastInsertRowid);
    },
    userByToken(tokenHash: string): PublicUser | undefined {
      const row = q.userByToken.get(tokenHash) as Row | undefined;
      return row && toPublicUser(row);
    },
  };
}
