import { Router } from 'express';
import { ROUTES } from '../../../../shared/contract';
import type { AppContext } from '../../../context';
import { notFound } from '../../../errors';
import { buildComparisons } from '../../../import/comparisons';
import { bind } from '../../contract';

export function comparisonRoutes(ctx: AppContext): Router {
  const router = Router();
  const { store } = ctx;

  bind(router, ROUTES.adminComparisons, ({ query }) => store.comparisons.page(query));

  bind(router, ROUTES.adminComparisonsBuild, ({ body }) => {
    const comparisons = store.transaction(() => buildComparisons(store, body));
    ctx.live.pairsAdded(comparisons);
    ctx.live.changed(); // counts move even when no pair was added
    return { comparisons };
  });

  // Marks a comparison as gold with its known answer: every annotator gets it once, at the gold rate.
  bind(router, ROUTES.adminGold, ({ body: { comparisonId, answer } }) => {
    if (!store.comparisons.setGold(comparisonId, answer)) throw notFound('Comparison');
    ctx.live.changed();
    return { comparisonId, goldAnswer: answer };
  });

  return router;
}
