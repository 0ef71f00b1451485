// The accounts imported labels belong to: an import source's system user `import:<source>` (pair formats) or a
// raw-labels file's annotators. Created disabled, with a password hash that is not a scrypt hash, so that
// verifyPassword is false for every password: nobody can log in as them until an admin sets one.
import type { Store } from '../store';

const NO_LOGIN = 'system:no-login';

/** The id of the account named `name`: the existing one (names compare case-insensitively), else a new disabled one. */
export function importedUser(store: Store, name: string): number {
  const existing = store.users.byName(name);
  if (existing) return existing.id;
  const user = store.users.create(name, 'annotator', NO_LOGIN);
  store.users.update(user.id, { disabled: true });
  return user.id;
}
