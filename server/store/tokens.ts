import type { Database } from 'better-sqlite3';
import type { PublicUser, TokenInfo } from '../../shared/schemas/auth';
import type { Page, PageQuery } from '../../shared/schemas/common';
import { PUBLIC_USER_COLUMNS, toPublicUser } from './users';

interface TokenRow {
  id: number;
  user_id: number;
  user_name: string;
  label: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked: 0 | 1;
  revoked_at: string | null;
}

/** Never token_hash: the secret is shown once, at creation, and stored only as its sha256. */
const TOKEN_COLUMNS = 't.id, t.user_id, u.name AS user_name, t.label, t.created_at, t.expires_at, t.last_used_at, t.revoked, t.revoked_at';

const toTokenInfo = (row: TokenRow): TokenInfo => ({
  id: row.id,
  userId: row.user_id,
  userName: row.user_name,
  label: row.label,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
  lastUsedAt: row.last_used_at,
  revoked: row.revoked === 1,
  revokedAt: row.revoked_at,
});

/** Bearer tokens for scripts. */
export function tokensRepo(db: Database) {
  const q = {
    insert: db.prepare<[string, number, string, string | null]>(
      'INSERT INTO api_tokens (token_hash, user_id, label, expires_at) VALUES (?, ?, ?, ?)',
    ),
    byId: db.prepare<[number], TokenRow>(`SELECT ${TOKEN_COLUMNS} FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.id = ?`),
    userByToken: db.prepare<[string, string], Parameters<typeof toPublicUser>[0] & { token_id: number; last_used_at: string | null }>(
      `SELECT ${PUBLIC_USER_COLUMNS}, t.id AS token_id, t.last_used_at FROM api_tokens t JOIN users u ON u.id = t.user_id
       WHERE t.token_hash = ? AND t.revoked = 0 AND (t.expires_at IS NULL OR t.expires_at > ?) AND u.disabled = 0`,
    ),
    // the condition makes concurrent touches of one token a single write
    touch: db.prepare<[string, number, string]>('UPDATE api_tokens SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)'),
    revoke: db.prepare<[string, number]>('UPDATE api_tokens SET revoked = 1, revoked_at = ? WHERE id = ? AND revoked = 0'),
    revokeForUser: db.prepare<[string, number]>('UPDATE api_tokens SET revoked = 1, revoked_at = ? WHERE user_id = ? AND revoked = 0'),
    page: db.prepare<[{ owner: number | null; limit: number; offset: number }], TokenRow>(
      `SELECT ${TOKEN_COLUMNS} FROM api_tokens t JOIN users u ON u.id = t.user_id
       WHERE @owner IS NULL OR t.user_id = @owner ORDER BY t.id DESC LIMIT @limit OFFSET @offset`,
    ),
    count: db.prepare<[{ owner: number | null }], number>('SELECT count(*) FROM api_tokens WHERE @owner IS NULL OR user_id = @owner').pluck(),
  };

  return {
    create(tokenHash: string, userId: number, label: string, expiresIso: string | null = null): number {
      return Number(q.insert.run(tokenHash, userId, label, expiresIso).lastInsertRowid);
    },
    byId(id: number): TokenInfo | undefined {
      const row = q.byId.get(id);
      return row && toTokenInfo(row);
    },
    /** The user behind an unrevoked, unexpired token of an enabled user, with the token's id and last use. */
    userByToken(tokenHash: string, nowIso: string): { user: PublicUser; tokenId: number; lastUsedAt: string | null } | undefined {
      const row = q.userByToken.get(tokenHash, nowIso);
      return row && { user: toPublicUser(row), tokenId: row.token_id, lastUsedAt: row.last_used_at };
    },
    /** Sets last_used_at = now unless it is already after `staleBeforeIso`. */
    touch: (id: number, nowIso: string, staleBeforeIso: string) => void q.touch.run(nowIso, id, staleBeforeIso),
    /** true when this call revoked it (false: already revoked) */
    revoke: (id: number, nowIso: string): boolean => q.revoke.run(nowIso, id).changes === 1,
    revokeAllOf: (userId: number, nowIso: string): number => q.revokeForUser.run(nowIso, userId).changes,
    /** newest first; every user's when userId is undefined */
    page(userId: number | undefined, { limit, offset }: PageQuery): Page<TokenInfo> {
      const owner = userId ?? null;
      return { items: q.page.all({ owner, limit, offset }).map(toTokenInfo), total: q.count.get({ owner }) as number, limit, offset };
    },
  };
}
