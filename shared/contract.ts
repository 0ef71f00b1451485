/**
 * The API contract: every HTTP route, declared once (socket.io events: shared/events.ts). Server, client
 * and tests all read this table; tests/integration/contract.test.ts fails when it and the express app disagree.
 *
 * Adding a route:
 * 1. Request and response zod schemas in shared/schemas/<area>.ts (responses too: they are checked).
 * 2. Declare it in shared/routes/<area>.ts: `jobStart: route({method: 'POST', path: '/api/admin/jobs',
 *    auth: 'admin', body: StartJobSchema, response: JobSchema, status: [201]})` (params/query/body optional;
 *    status defaults to [200]); a new area object is spread into ROUTES below (names are unique).
 * 3. Bind it in server/http/routes/<area>.ts: `bind(router, ROUTES.jobStart, ({body, user}) => startJob(...))`
 *    — input arrives parsed, auth is enforced, the return value is the response; throw HttpError for errors.
 *    Mount the router in server/http/app.ts (admin: server/http/routes/admin/index.ts).
 * 4. Client: `call(ROUTES.jobStart, {body})` (client/src/api/call.ts). auth.test and bad-input.test walk the table.
 */
import { adminRoutes } from './routes/admin';
import { annotateRoutes } from './routes/annotate';
import { annotatorRoutes } from './routes/annotators';
import { authRoutes } from './routes/auth';
import { dataRoutes } from './routes/data';
import { exportRoutes } from './routes/exports';
import { importRoutes } from './routes/imports';
import { jobRoutes } from './routes/jobs';
import { labelReviewRoutes } from './routes/label-review';
import { leaderboardRoutes } from './routes/leaderboard';
import { policyRoutes } from './routes/policies';
import { rewardRoutes } from './routes/reward';
import { nameRoutes, type Route } from './routes/route';
import { v1Routes } from './routes/v1';
import { snapshotRoutes } from './routes/snapshots';

export const ROUTES = nameRoutes({
  ...authRoutes,
  ...annotateRoutes,
  ...labelReviewRoutes,
  ...adminRoutes,
  ...importRoutes,
  ...jobRoutes,
  ...rewardRoutes,
  ...policyRoutes,
  ...leaderboardRoutes,
  ...annotatorRoutes,
  ...exportRoutes,
  ...v1Routes,
  ...snapshotRoutes,
  ...dataRoutes,
});

export type RouteName = keyof typeof ROUTES;

/** Every route, in declaration order. */
export const ROUTE_LIST: readonly Route[] = Object.values(ROUTES);

export * from './routes/route';
export { CLIENT_EVENT_SPECS, CLIENT_EVENTS, SERVER_EVENT_SPECS, SERVER_EVENTS } from './events';
