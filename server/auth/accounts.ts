import type { CreateUserRequest, PublicUser, UpdateUserRequest } from '../../shared/schemas/auth';
import { isoAt } from '../clock';
import type { AppContext } from '../context';
import { HttpError, notFound } from '../errors';
import { hashPassword } from './password';

const isUniqueViolation = (err: unknown) => (err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE';

export async function createUser(ctx: AppContext, request: CreateUserRequest): Promise<PublicUser> {
  const passwordHash = await hashPassword(request.password);
  try {
    return ctx.store.users.create(request.name, request.role ?? 'annotator', passwordHash);
  } catch (err) {
    if (isUniqueViolation(err)) throw new HttpError(409, 'name_taken', `A user named ${request.name} already exists`);
    throw err;
  }
}

/**
 * Disabling, a role change or a password reset ends the user's sessions and revokes their bearer tokens,
 * unless the admin says `endSessions: false` (a disabled user's are refused either way). The last enabled
 * admin cannot be disabled or demoted.
 */
export async function updateUser(ctx: AppContext, id: number, patch: UpdateUserRequest): Promise<PublicUser> {
  const passwordHash = patch.password === undefined ? undefined : await hashPassword(patch.password);
  const { store } = ctx;
  const { user, ended } = store.transaction(() => {
    const current = store.users.byId(id);
    if (!current) throw notFound('User');
    const losesAdmin = current.role === 'admin' && !current.disabled && (patch.disabled === true || patch.role === 'annotator');
    if (losesAdmin && store.users.activeAdminCount() <= 1) {
      throw new HttpError(409, 'last_admin', 'The last enabled admin cannot be disabled or made an annotator');
    }
    const updated = store.users.update(id, { disabled: patch.disabled, role: patch.role, passwordHash }) as PublicUser;
    const accessChanged = patch.disabled === true || passwordHash !== undefined || (patch.role !== undefined && patch.role !== current.role);
    const end = accessChanged && patch.endSessions !== false;
    if (end) {
      store.sessions.deleteSessionsOf(id);
      store.tokens.revokeAllOf(id, isoAt(ctx.clock()));
    }
    return { user: updated, ended: end };
  });
  if (ended || patch.disabled !== undefined || patch.role !== undefined) ctx.live.accessChanged(id);
  return user;
}
