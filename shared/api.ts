/**
 * REST paths by their old names, for tests and scripts that build requests by hand. They come from the
 * contract (shared/contract.ts), which is where routes are declared; new code uses ROUTES and `call`.
 */
import { ROUTES } from './contract';

export const API = {
  health: ROUTES.health.path,
  login: ROUTES.login.path,
  logout: ROUTES.logout.path,
  me: ROUTES.me.path,
  queueNext: ROUTES.queueNext.path,
  queueSkip: ROUTES.queueSkip.path,
  queueCounts: ROUTES.queueCounts.path,
  myProgress: ROUTES.myProgress.path,
  labels: ROUTES.labelSubmit.path,
  guidelines: ROUTES.guidelines.path,
  admin: {
    counts: ROUTES.adminCounts.path,
    users: ROUTES.adminUsers.path,
    user: ROUTES.adminUserUpdate.path,
    tokens: ROUTES.adminTokenCreate.path,
    settings: ROUTES.adminSettings.path,
    importPrompts: ROUTES.adminImportPrompts.path,
    importResponses: ROUTES.adminImportResponses.path,
    importSelfInstruct: ROUTES.adminImportSelfInstruct.path,
    buildComparisons: ROUTES.adminComparisonsBuild.path,
    gold: ROUTES.adminGold.path,
    comparisons: ROUTES.adminComparisons.path,
    labels: ROUTES.adminLabels.path,
  },
} as const;
