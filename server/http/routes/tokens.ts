import { Router } from 'express';
import { ROUTES } from '../../../shared/contract';
import { createToken, listTokens, revokeToken } from '../../auth/tokens';
import type { AppContext } from '../../context';
import { bind } from '../contract';

/** Bearer tokens: everyone manages their own, admins anyone's (server/auth/tokens.ts says who may see what). */
export function tokenRoutes(ctx: AppContext): Router {
  const router = Router();
  bind(router, ROUTES.tokens, ({ user, query }) => listTokens(ctx, user, query));
  bind(router, ROUTES.tokenCreate, ({ user, body }) => createToken(ctx, user.id, body));
  bind(router, ROUTES.tokenRevoke, ({ user, params: { id } }) => ({ token: revokeToken(ctx, user, id) }));
  return router;
}
