import { Router } from 'express';
import { ROUTES } from '../../../../shared/contract';
import type { AppContext } from '../../../context';
import { notFound } from '../../../errors';
import { buildComparisonsInChunks } from '../../../import/comparisons';
import { bind } from '../../contract';

export function comparisonRoutes(ctx: AppContext): Router {
  const router = Router();
  const { store } = ctx;

  // a page of at most 500 (PageQuerySchema), texts cut to LIST_TEXT_CHARS; the detail route has them whole
  bind(router, ROUTES.adminComparisons, ({ query }) => store.comparisons.page(query));

  bind(router, ROUTES.adminComparison, ({ params: { id } }) => {
    const comparison = store.comparisons.byId(id);
    if (!comparison) throw notFound('Comparison');
    return comparison;
  });

  // in chunks (import/chunks.ts): labels and next-pair requests are served while it builds
  bind(router, ROUTES.adminComparisonsBuild, async ({ body }) => {
    const comparisons = await buildComparisonsInChunks(store, body, (count) => ctx.live.pairsAdded(count)); // as chunks commit
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
