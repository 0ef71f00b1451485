import { Router } from 'express';
import { requireRole } from '../../../auth/middleware';
import type { AppContext } from '../../../context';
import { apiNotFound } from '../../errors';
import { comparisonRoutes } from './comparisons';
import { countsRoutes } from './counts';
import { importRoutes } from './imports';
import { labelListRoutes } from './labels';
import { selfInstructRoutes } from './self-instruct';
import { settingsRoutes } from './settings';
import { tokenRoutes } from './tokens';
import { userRoutes } from './users';

export { ADMIN_PREFIX } from './path';

/**
 * Every admin route, behind one guard: whatever the path or method under /api/admin, a caller without a
 * session gets 401 and a non-admin 403 before any route (or the 404 below) is reached.
 */
export function adminRoutes(ctx: AppContext): Router {
  const admin = Router();
  admin.use(requireRole('admin'));
  admin.use(
    countsRoutes(ctx),
    userRoutes(ctx),
    tokenRoutes(ctx),
    settingsRoutes(ctx),
    importRoutes(ctx),
    selfInstructRoutes(ctx),
    comparisonRoutes(ctx),
    labelListRoutes(ctx),
  );
  admin.use(apiNotFound);
  return admin;
}
