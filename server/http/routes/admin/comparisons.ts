import { Router } from 'express';
import { API } from '../../../../shared/api';
import { BuildComparisonsRequestSchema, ComparisonsQuerySchema, GoldAnswerSchema } from '../../../../shared/schemas/admin';
import type { AppContext } from '../../../context';
import { notFound } from '../../../errors';
import { buildComparisons } from '../../../import/comparisons';
import { parse } from '../../validate';
import { adminPath } from './path';

export function comparisonRoutes(ctx: AppContext): Router {
  const router = Router();
  const { store } = ctx;

  router.get(adminPath(API.admin.comparisons), (req, res) => {
    res.json(store.comparisons.page(parse(ComparisonsQuerySchema, req.query)));
  });

  router.post(adminPath(API.admin.buildComparisons), (req, res) => {
    const options = parse(BuildComparisonsRequestSchema, req.body);
    const comparisons = store.transaction(() => buildComparisons(store, options));
    ctx.live.pairsAdded(comparisons);
    ctx.live.changed(); // counts move even when no pair was added
    res.json({ comparisons });
  });

  // Marks a comparison as gold with its known answer: every annotator gets it once, at the gold rate.
  router.post(adminPath(API.admin.gold), (req, res) => {
    const { comparisonId, answer } = parse(GoldAnswerSchema, req.body);
    if (!store.comparisons.setGold(comparisonId, answer)) throw notFound('Comparison');
    ctx.live.changed();
    res.json({ comparisonId, goldAnswer: answer });
  });

  return router;
}
