import { Router } from 'express';
import { ROUTES } from '../../../../shared/contract';
import { createToken } from '../../../auth/tokens';
import type { AppContext } from '../../../context';
import { bind } from '../../contract';

export function tokenRoutes(ctx: AppContext): Router {
  // A bearer token for the calling admin's scripts (as POST /api/tokens, kept for the scripts that use this path).
  return bind(Router(), ROUTES.adminTokenCreate, ({ user, body }) => createToken(ctx, user.id, body));
}
