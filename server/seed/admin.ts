import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DEFAULT_QUEUE_SETTINGS } from '../../shared/schemas/queue';
import { hashPassword } from '../auth/password';
import { newPassword } from '../auth/secrets';
import type { Store } from '../store';

export interface AdminSeed {
  /** true when this start created the admin user */
  created: boolean;
  /** the password, when this start chose it (given or generated) */
  password?: string;
  /** true when the password was generated here and must be shown once */
  generated: boolean;
  /** where a generated password was also written (beside the database file, mode 0600); absent for :memory: */
  passwordFile?: string;
}

export const ADMIN_PASSWORD_FILE = 'admin-password.txt';

/**
 * While no enabled admin exists (a new database): user `admin` with the given password, or a generated one.
 * A generated password is also written to admin-password.txt beside the database, readable by its owner only,
 * so it is not lost with the console output (and not left in logs as the only copy).
 */
export async function ensureAdmin(store: Store, password?: string): Promise<AdminSeed> {
  if (store.users.activeAdminCount() > 0) return { created: false, generated: false, password };
  if (store.users.byName('admin')) throw new Error('No enabled admin, and the name "admin" is taken: create one with `prefloop create-user NAME --role admin`');
  const chosen = password ?? newPassword();
  store.users.create('admin', 'admin', await hashPassword(chosen));
  if (password !== undefined) return { created: true, password: chosen, generated: false };
  const passwordFile = store.db.memory ? undefined : writePasswordFile(join(dirname(store.db.name), ADMIN_PASSWORD_FILE), chosen);
  return { created: true, password: chosen, generated: true, passwordFile };
}

function writePasswordFile(file: string, password: string): string {
  rmSync(file, { force: true }); // a new file gets the mode below; an old one (and its mode) is gone
  writeFileSync(file, `${password}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600); // whatever the umask
  return file;
}

/** Queue settings are written once so admins see (and edit) real values; the lease length may come from env. */
export function ensureSettings(store: Store, leaseSeconds?: number): void {
  if (store.settings.hasQueue()) return;
  store.settings.setQueue({ ...DEFAULT_QUEUE_SETTINGS, ...(leaseSeconds ? { leaseSeconds } : {}) });
}
