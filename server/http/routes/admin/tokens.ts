import { Router } from 'express';
import { ROUTES } from '../../../../shared/contract';
import { createToken } from '../../../auth/accounts';
import type { AppContext } from '../../../context';
import { bind } from '../../contract';

export function tokenRoutes(ctx: AppContext): Router {
  // A bearer token for the calling admin's scripts; the secret is in this answer only.
  return bind(Router(), ROUTES.adminTokenCreate, ({ user, body: { label } }) => createToken(ctx, user.id, label));
}
