import type { Database } from 'better-sqlite3';
import type { PublicUser, Role } from '../../shared/schemas/auth';
import type { Page, PageQuery } from '../../shared/schemas/common';

interface UserRow {
  id: number;
  name: string;
  role: Role;
  disabled: 0 | 1;
  created_at: string;
}

/** Everything but password_hash: the only columns that may reach an API answer. */
export const PUBLIC_USER_COLUMNS = 'u.id, u.name, u.role, u.disabled, u.created_at';

export const toPublicUser = (row: UserRow): PublicUser => ({
  id: row.id,
  name: row.name,
  role: row.role,
  disabled: row.disabled === 1,
  createdAt: row.created_at,
});

export interface UserCredentials {
  id: number;
  passwordHash: string;
  disabled: boolean;
}

export function usersRepo(db: Database) {
  const q = {
    byId: db.prepare<[number], UserRow>(`SELECT ${PUBLIC_USER_COLUMNS} FROM users u WHERE u.id = ?`),
    byName: db.prepare<[string], UserRow>(`SELECT ${PUBLIC_USER_COLUMNS} FROM users u WHERE u.name = ?`),
    credentials: db.prepare<[string], { id: number; password_hash: string; disabled: 0 | 1 }>(
      'SELECT id, password_hash, disabled FROM users WHERE name = ?',
    ),
    insert: db.prepare<[string, Role, string]>('INSERT INTO users (name, role, password_hash) VALUES (?, ?, ?)'),
    setDisabled: db.prepare<[number, number]>('UPDATE users SET disabled = ? WHERE id = ?'),
    setRole: db.prepare<[Role, number]>('UPDATE users SET role = ? WHERE id = ?'),
    setPassword: db.prepare<[string, number]>('UPDATE users SET password_hash = ? WHERE id = ?'),
    rehash: db.prepare<[string, number, string]>('UPDATE users SET password_hash = ? WHERE id = ? AND password_hash = ?'),
    page: db.prepare<[number, number], UserRow>(`SELECT ${PUBLIC_USER_COLUMNS} FROM users u ORDER BY u.id LIMIT ? OFFSET ?`),
    count: db.prepare<[], number>('SELECT count(*) FROM users').pluck(),
    activeAdmins: db.prepare<[], number>("SELECT count(*) FROM users WHERE role = 'admin' AND disabled = 0").pluck(),
  };

  const byId = (id: number): PublicUser | undefined => {
    const row = q.byId.get(id);
    return row && toPublicUser(row);
  };

  return {
    byId,
    byName(name: string): PublicUser | undefined {
      const row = q.byName.get(name);
      return row && toPublicUser(row);
    },
    /** For the login check only; the hash never leaves the auth module. */
    credentials(name: string): UserCredentials | undefined {
      const row = q.credentials.get(name);
      return row && { id: row.id, passwordHash: row.password_hash, disabled: row.disabled === 1 };
    },
    /** Throws SQLITE_CONSTRAINT_UNIQUE when the name is taken (names compare case-insensitively). */
    create(name: string, role: Role, passwordHash: string): PublicUser {
      const id = Number(q.insert.run(name, role, passwordHash).lastInsertRowid);
      return byId(id) as PublicUser;
    },
    update(id: number, patch: { disabled?: boolean; role?: Role; passwordHash?: string }): PublicUser | undefined {
      if (patch.disabled !== undefined) q.setDisabled.run(patch.disabled ? 1 : 0, id);
      if (patch.role !== undefined) q.setRole.run(patch.role, id);
      if (patch.passwordHash !== undefined) q.setPassword.run(patch.passwordHash, id);
      return byId(id);
    },
    /** Replaces a hash with a stronger one of the same password, unless it changed meanwhile; true when replaced. */
    rehash: (id: number, oldHash: string, newHash: string): boolean => q.rehash.run(newHash, id, oldHash).changes === 1,
    page({ limit, offset }: PageQuery): Page<PublicUser> {
      return { items: q.page.all(limit, offset).map(toPublicUser), total: q.count.get() as number, limit, offset };
    },
    count: () => q.count.get() as number,
    activeAdminCount: () => q.activeAdmins.get() as number,
  };
}
