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
}

/** While no enabled admin exists (a new database): user `admin` with the given password, or a generated one. */
export async function ensureAdmin(store: Store, password?: string): Promise<AdminSeed> {
  if (store.users.activeAdminCount() > 0) return { created: false, generated: false, password };
  if (store.users.byName('admin')) throw new Error('No enabled admin, and the name "admin" is taken: create one with `prefloop create-user NAME --role admin`');
  const chosen = password ?? newPassword();
  store.users.create('admin', 'admin', await hashPassword(chosen));
  return { created: true, password: chosen, generated: password === undefined };
}

/** Queue settings are written once so admins see (and edit) real values; the lease length may come from env. */
export function ensureSettings(store: Store, leaseSeconds?: number): void {
  if (store.settings.hasQueue()) return;
  store.settings.setQueue({ ...DEFAULT_QUEUE_SETTINGS, ...(leaseSeconds ? { leaseSeconds } : {}) });
}
