/** `prefloop users list|create|disable|enable|set-role|reset-password`: accounts, straight on the database file. */
import { parseArgs } from 'node:util';
import { PageQuerySchema } from '../../shared/schemas/common';
import { CreateUserRequestSchema, type PublicUser, RoleSchema, UpdateUserRequestSchema } from '../../shared/schemas/auth';
import { createUser, updateUser } from '../auth/accounts';
import { newPassword } from '../auth/secrets';
import type { AppContext } from '../context';

export const USERS_USAGE = `Usage: prefloop users <list|create|disable|enable|set-role|reset-password>

  users list [--limit N]                        every account: id, name, role, enabled or disabled
  users create NAME [--role annotator|admin] [--password P]
                                                a new account; without --password one is generated and printed once
  users disable NAME                            the account can no longer log in; its sessions and tokens end
  users enable NAME                             it can log in again (with its password; see reset-password)
  users set-role NAME annotator|admin           its sessions and tokens end, so the new role applies at once
  users reset-password NAME [--password P]      a new password (generated and printed once without --password)
  --keep-sessions                               with disable, set-role, reset-password: leave sessions and tokens alone

Reads PREFLOOP_DB (default ./data/prefloop.db); runs while the server does. In the API: /api/admin/users.`;

const formatUser = (u: PublicUser) => `${u.id}\t${u.name}\t${u.role}\t${u.disabled ? 'disabled' : 'enabled'}`;

export async function usersCommand(ctx: AppContext, argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      role: { type: 'string' },
      password: { type: 'string' },
      limit: { type: 'string' },
      'keep-sessions': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [sub, name, arg] = positionals;
  if (values.help || !sub) return console.log(USERS_USAGE);
  if (sub === 'list') {
    const page = ctx.store.users.page(PageQuerySchema.parse({ limit: values.limit ?? 500 }));
    console.log(page.items.length ? page.items.map(formatUser).join('\n') : 'No users.');
    if (page.total > page.items.length) console.log(`(${page.items.length} of ${page.total}; --limit N for more)`);
    return;
  }
  if (!name) throw new Error(`users ${sub} needs a NAME (prefloop users --help)`);
  if (sub === 'create') {
    const password = values.password ?? newPassword();
    const request = CreateUserRequestSchema.parse({ name, password, role: RoleSchema.parse(values.role ?? 'annotator') });
    const user = await createUser(ctx, request);
    console.log(`Created ${user.role} ${user.name} (id ${user.id})${values.password ? '' : ` with password ${password}`}`);
    return;
  }
  const user = ctx.store.users.byName(name);
  if (!user) throw new Error(`No user named ${name}`);
  const endSessions = !values['keep-sessions'];
  const generated = sub === 'reset-password' && values.password === undefined ? newPassword() : undefined;
  const patches: Record<string, unknown> = {
    disable: { disabled: true, endSessions },
    enable: { disabled: false },
    'set-role': { role: arg, endSessions },
    'reset-password': { password: values.password ?? generated, endSessions },
  };
  if (!(sub in patches)) throw new Error(USERS_USAGE);
  if (sub === 'set-role' && !RoleSchema.safeParse(arg).success) throw new Error('users set-role NAME needs a role: annotator or admin');
  const updated = await updateUser(ctx, user.id, UpdateUserRequestSchema.parse(patches[sub]));
  console.log(`${formatUser(updated)}${generated ? `\tnew password ${generated}` : ''}`);
}
