import { Router } from 'express';
import { ROUTES } from '../../../../shared/contract';
import type { Leaderboard, LeaderboardPlayer } from '../../../../shared/schemas/leaderboard';
import type { AppContext } from '../../../context';
import { HttpError } from '../../../errors';
import { type BradleyTerryFit, bradleyTerry, expectedWinRate, type Outcome } from '../../../ml/eval/bradley-terry';
import { bradleyTerryInWorker } from '../../../ml/eval/in-worker';
import type { LeaderboardPolicyRow } from '../../../store/leaderboard';
import { bind } from '../../contract';

const versionOf = (id: string): number | null => (id.startsWith('policy:v') ? Number(id.slice('policy:v'.length)) : null);

/** The default anchor: the oldest policy version that has played (the starter, once its pairs are labelled). */
function defaultAnchor(played: Set<string>): string | undefined {
  const versions = [...played].map(versionOf).filter((v): v is number => v !== null);
  return versions.length ? `policy:v${Math.min(...versions)}` : undefined;
}

/** The fit, with each player's policy version (or model name) and its record against the anchor. */
function leaderboardView(fit: BradleyTerryFit, policies: LeaderboardPolicyRow[], labels: number, query: { bootstrap: number; seed: number }): Leaderboard {
  const byVersion = new Map(policies.map((p) => [p.version, p]));
  const { matrix } = fit;
  const a = fit.anchor === null ? -1 : matrix.players.indexOf(fit.anchor);
  const players = fit.standings.map((s, i): LeaderboardPlayer => {
    const version = versionOf(s.id);
    const policy = version === null ? undefined : byVersion.get(version);
    return {
      id: s.id,
      rank: i + 1,
      policy: policy ? { id: policy.id, version: policy.version, active: policy.active, createdAt: policy.createdAt } : null,
      modelName: version === null ? s.id.slice('model:'.length) : null,
      score: s.score,
      ci: s.ci,
      wins: s.wins,
      losses: s.losses,
      ties: s.ties,
      games: s.games,
      winRate: s.winRate,
      vsAnchor:
        a < 0 || i === a
          ? null
          : { games: matrix.games[i][a], winRate: matrix.winRate[i][a], expected: expectedWinRate(s.score, fit.standings[a].score) },
    };
  });
  const rated = new Set(fit.standings.map((s) => s.id));
  const unrated = policies.filter((p) => !rated.has(`policy:v${p.version}`)).map((p) => ({ version: p.version, active: p.active }));
  return { anchor: fit.anchor, labels, bootstrap: query.bootstrap, seed: query.seed, players, matrix, unrated };
}

export function leaderboardRoutes(ctx: AppContext): Router {
  const router = Router();

  // The query is one read; the fit and its bootstrap (B refits) run in a worker thread.
  bind(router, ROUTES.adminLeaderboard, async ({ query, res }) => {
    const outcomes: Outcome[] = ctx.store.leaderboard.outcomes();
    const played = new Set(outcomes.flatMap((o) => [o.a, o.b]));
    if (query.anchor !== undefined && !played.has(query.anchor)) {
      throw new HttpError(400, 'unknown_anchor', `No labelled pair involves ${query.anchor}, so it cannot be the anchor`, {
        players: [...played].sort(),
      });
    }
    const options = { anchor: query.anchor ?? defaultAnchor(played), bootstrap: query.bootstrap, seed: query.seed };
    const abort = new AbortController();
    res.on('close', () => abort.abort()); // the caller went away: stop the worker
    const fit = outcomes.length === 0 ? bradleyTerry([]) : await bradleyTerryInWorker({ outcomes, options }, abort.signal);
    return leaderboardView(fit, ctx.store.leaderboard.policies(), outcomes.length, query);
  });

  return router;
}
