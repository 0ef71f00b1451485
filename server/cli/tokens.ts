/** `prefloop tokens list|create|revoke`: bearer tokens, straight on the database file (like create-user). */
import { parseArgs } from 'node:util';
import { CreateTokenRequestSchema, type TokenInfo } from '../../shared/schemas/auth';
import { PageQuerySchema } from '../../shared/schemas/common';
import { createToken } from '../auth/tokens';
import { isoAt, systemClock } from '../clock';
import { parseEnv } from '../env';
import { createStore } from '../store';
import { openDatabase } from '../store/db';

export const TOKENS_USAGE = `Usage: prefloop tokens <list|create|revoke>

  tokens list [--user NAME] [--limit N]         every user's tokens (or NAME's), newest first; never the secrets
  tokens create --user NAME [--label L] [--expires-days N]
                                                a bearer token for NAME's scripts, printed once
  tokens revoke ID                              the token stops working at once

Reads PREFLOOP_DB (default ./data/prefloop.db); runs while the server does. In the API: /api/tokens.`;

const stateOf = (t: TokenInfo, nowIso: string) =>
  t.revoked ? `revoked ${t.revokedAt ?? ''}`.trim() : t.expiresAt !== null && t.expiresAt <= nowIso ? 'expired' : 'active';

function formatToken(t: TokenInfo, nowIso: string): string {
  const expires = t.expiresAt ?? 'never';
  return `${t.id}\t${t.userName}\t${t.label}\t${stateOf(t, nowIso)}\tcreated ${t.createdAt}\texpires ${expires}\tlast used ${t.lastUsedAt ?? 'never'}`;
}

export async function tokensCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      user: { type: 'string' },
      label: { type: 'string' },
      'expires-days': { type: 'string' },
      limit: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [sub, arg] = positionals;
  if (values.help || !sub) return console.log(TOKENS_USAGE);
  if (!['list', 'create', 'revoke'].includes(sub)) throw new Error(TOKENS_USAGE);
  if (sub === 'revoke' && !/^\d+$/.test(arg ?? '')) throw new Error('tokens revoke needs the token ID (tokens list shows it)');
  if (sub === 'create' && !values.user) throw new Error('tokens create needs --user NAME');

  const store = createStore(openDatabase(parseEnv(process.env).PREFLOOP_DB));
  try {
    const nowIso = isoAt(systemClock());
    const userOf = (name: string) => {
      const user = store.users.byName(name);
      if (!user) throw new Error(`No user named ${name}`);
      return user;
    };
    if (sub === 'list') {
      const userId = values.user === undefined ? undefined : userOf(values.user).id;
      const page = store.tokens.page(userId, PageQuerySchema.parse({ limit: values.limit ?? 500 }));
      console.log(page.items.length ? page.items.map((t) => formatToken(t, nowIso)).join('\n') : 'No tokens.');
      if (page.total > page.items.length) console.log(`(${page.items.length} of ${page.total}; --limit N for more)`);
    } else if (sub === 'create') {
      const user = userOf(values.user as string);
      const expires = values['expires-days'];
      const request = CreateTokenRequestSchema.parse({ label: values.label, expiresInDays: expires === undefined ? undefined : Number(expires) });
      const created = createToken({ store, clock: systemClock }, user.id, request);
      console.log(`Token ${created.id} for ${user.name} (${created.label}, expires ${created.expiresAt ?? 'never'}); shown only now:`);
      console.log(created.token);
    } else {
      const id = Number(arg);
      const token = store.tokens.byId(id);
      if (!token) throw new Error(`No token ${id}`);
      const revoked = store.tokens.revoke(id, nowIso);
      console.log(revoked ? `Revoked token ${id} of ${token.userName} (${token.label}).` : `Token ${id} was already revoked.`);
    }
  } finally {
    store.db.close();
  }
}
