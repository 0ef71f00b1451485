import { LeaderboardQuerySchema, LeaderboardSchema } from '../schemas/leaderboard';
import { route } from './route';

/** Bradley–Terry ratings of policy versions (and external models) from human labels on their cross pairs. */
export const leaderboardRoutes = {
  /** players best first with 95 % bootstrap intervals (computed in a worker); 400 unknown_anchor for a player with no game */
  adminLeaderboard: route({ method: 'GET', path: '/api/admin/leaderboard', auth: 'admin', query: LeaderboardQuerySchema, response: LeaderboardSchema }),
};
