import { Router } from 'express';
import { ROUTES } from '../../../../shared/contract';
import type { AnnotatorSummary } from '../../../../shared/schemas/annotators';
import type { PublicUser } from '../../../../shared/schemas/auth';
import type { AppContext } from '../../../context';
import { notFound } from '../../../errors';
import type { AnnotatorFigures } from '../../../labels/annotator-stats';
import { annotatorQuality } from '../../../labels/annotator-quality';
import { annotatorStatsRepo } from '../../../store/annotator-stats';
import { bind } from '../../contract';

const RECENT_LABELS = 20;
const DETAIL_PAIRS = 50;
const none = { agreed: 0, compared: 0, rate: null };

/** A user's figures (zeros for one without labels). */
function summary(user: PublicUser, figures: AnnotatorFigures | undefined): AnnotatorSummary {
  if (!figures) return { user, labels: 0, medianSeconds: null, majority: none, gold: none, leftPicks: { left: 0, picks: 0, rate: null } };
  const { userId: _, ...rest } = figures;
  return { user, ...rest };
}

/** Annotator quality: every label is read in chunks and judged off the event loop (server/labels/annotator-quality.ts). */
export function annotatorRoutes(ctx: AppContext): Router {
  const router = Router();
  const repo = annotatorStatsRepo(ctx.store.db);
  const abortOnClose = (res: { on(event: 'close', fn: () => void): unknown }) => {
    const abort = new AbortController();
    res.on('close', () => abort.abort()); // the caller went away: stop reading and computing
    return abort.signal;
  };

  bind(router, ROUTES.adminAnnotators, async ({ query: { limit, offset }, res }) => {
    const page = repo.page(limit, offset);
    const stats = await annotatorQuality(repo, { pairUsers: page.items.map((u) => u.id), signal: abortOnClose(res) });
    const figures = new Map(stats.annotators.map((a) => [a.userId, a]));
    return { ...page, items: page.items.map((u) => summary(u, figures.get(u.id))), pairs: stats.pairs, overall: stats.overall };
  });

  bind(router, ROUTES.adminAnnotator, async ({ params: { id }, res }) => {
    const user = ctx.store.users.byId(id);
    if (!user) throw notFound('Annotator');
    const stats = await annotatorQuality(repo, { pairsOf: id, signal: abortOnClose(res) });
    const pairs = stats.pairs
      .sort((x, y) => y.shared - x.shared || x.a + x.b - (y.a + y.b))
      .slice(0, DETAIL_PAIRS)
      .map((p) => ({ ...p, otherName: ctx.store.users.byId(p.a === id ? p.b : p.a)?.name ?? '?' }));
    return {
      annotator: summary(user, stats.annotators.find((a) => a.userId === id)),
      pairs,
      recentLabels: repo.recentLabels(id, RECENT_LABELS),
    };
  });

  return router;
}
