import type { CreatedToken, CreateTokenRequest, PublicUser, TokenInfo, TokensQuery } from '../../shared/schemas/auth';
import type { Page } from '../../shared/schemas/common';
import { isoAt } from '../clock';
import type { AppContext } from '../context';
import { HttpError, notFound } from '../errors';
import { newSecret, sha256 } from './secrets';

const DAY_MS = 24 * 3600_000;

/** A bearer token for `userId`'s scripts; its secret is in this answer only (stored as sha256). */
export function createToken(ctx: Pick<AppContext, 'store' | 'clock'>, userId: number, request: CreateTokenRequest): CreatedToken {
  const token = newSecret('pf_');
  const expiresAt = request.expiresInDays === undefined ? null : isoAt(ctx.clock() + request.expiresInDays * DAY_MS);
  const id = ctx.store.tokens.create(sha256(token), userId, request.label, expiresAt);
  return { id, label: request.label, token, expiresAt };
}

/** The caller's own tokens; an admin may also ask for one user's (`userId`) or everyone's (`all`). */
export function listTokens(ctx: Pick<AppContext, 'store'>, caller: PublicUser, query: TokensQuery): Page<TokenInfo> {
  const wantsOthers = query.all === true || (query.userId !== undefined && query.userId !== caller.id);
  if (wantsOthers && caller.role !== 'admin') throw new HttpError(403, 'forbidden', "Only admins list other users' tokens");
  const owner = query.all === true ? query.userId : (query.userId ?? caller.id);
  return ctx.store.tokens.page(owner, query);
}

/** Revokes one of the caller's tokens (an admin: anyone's). Others' tokens are "not found" to non-admins. */
export function revokeToken(ctx: Pick<AppContext, 'store' | 'clock' | 'live'>, caller: PublicUser, id: number): TokenInfo {
  const token = ctx.store.tokens.byId(id);
  if (!token || (token.userId !== caller.id && caller.role !== 'admin')) throw notFound('Token');
  // the owner's sockets reconnect: one that came in with this token is refused
  if (ctx.store.tokens.revoke(id, isoAt(ctx.clock()))) ctx.live.accessChanged(token.userId);
  return ctx.store.tokens.byId(id) as TokenInfo;
}
