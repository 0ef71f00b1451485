import { Router } from 'express';
import { ADMIN_PREFIX } from '../../../../shared/contract';
import { requireRole } from '../../../auth/middleware';
import type { AppContext } from '../../../context';
import { apiNotFound } from '../../errors';
import { annotatorRoutes } from './annotators';
import { comparisonRoutes } from './comparisons';
import { countsRoutes } from './counts';
import { dataRoutes } from './data';
import { exportRoutes } from './exports';
import { importRoutes } from './imports';
import { jobRoutes } from './jobs';
import { labelListRoutes } from './labels';
import { leaderboardRoutes } from './leaderboard';
import { policyRoutes } from './policies';
import { rewardRoutes } from './reward';
import { selfInstructRoutes } from './self-instruct';
import { settingsRoutes } from './settings';
import { snapshotRoutes } from './snapshots';
import { tokenRoutes } from './tokens';
import { userRoutes } from './users';

/**
 * Every admin route, behind one guard: whatever the path or method under /api/admin, a caller without a
 * session gets 401 and a non-admin 403 before any route (or the 404 below) is reached. Routes are bound at
 * their absolute contract paths, so this router is mounted at the root.
 */
export function adminRoutes(ctx: AppContext): Router {
  const admin = Router();
  admin.use(ADMIN_PREFIX, requireRole('admin'));
  admin.use(
    countsRoutes(ctx),
    userRoutes(ctx),
    tokenRoutes(ctx),
    settingsRoutes(ctx),
    importRoutes(ctx),
    selfInstructRoutes(ctx),
    comparisonRoutes(ctx),
    labelListRoutes(ctx),
    jobRoutes(ctx),
    rewardRoutes(ctx),
    policyRoutes(ctx),
    leaderboardRoutes(ctx),
    annotatorRoutes(ctx),
    exportRoutes(ctx),
    snapshotRoutes(ctx),
    dataRoutes(ctx),
  );
  admin.use(ADMIN_PREFIX, apiNotFound);
  return admin;
}
