import type { CreatedToken, CreateUserRequest, PublicUser, UpdateUserRequest } from '../../shared/schemas/auth';
import type { AppContext } from '../context';
import { HttpError, notFound } from '../errors';
import { hashPassword } from './password';
import { newSecret, sha256 } from './secrets';

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

/** Disabling ends the user's sessions and sockets; the last enabled admin cannot be disabled or demoted. */
export async function updateUser(ctx: AppContext, id: number, patch: UpdateUserRequest): Promise<PublicUser> {
  const passwordHash = patch.password === undefined ? undefined : await hashPassword(patch.password);
  const { store } = ctx;
  const user = store.transaction(() => {
    const current = store.users.byId(id);
    if (!current) throw notFound('User');
    const losesAdmin = current.role === 'admin' && !current.disabled && (patch.disabled === true || patch.role === 'annotator');
    if (losesAdmin && store.users.activeAdminCount() <= 1) {
      throw new HttpError(409, 'last_admin', 'The last enabled admin cannot be disabled or made an annotator');
    }
    const updated = store.users.update(id, { disabled: patch.disabled, role: patch.role, passwordHash }) as PublicUser;
    if (patch.disabled === true || passwordHash !== undefined) store.sessions.deleteSessionsOf(id);
    return updated;
  });
  if (patch.disabled !== undefined || patch.role !== undefined) ctx.live.accessChanged(id);
  return user;
}

/** A bearer token for scripts, shown once. */
export function createToken(ctx: AppContext, userId: number, label: string): CreatedToken {
  const token = newSecret('pf_');
  const id = ctx.store.sessions.createToken(sha256(token), userId, label);
  return { id, label, token };
}
