import { Router } from 'express';
import { API } from '../../../../shared/api';
import { ImportPromptsRequestSchema, ImportResponsesRequestSchema } from '../../../../shared/schemas/imports';
import type { AppContext } from '../../../context';
import { importPrompts, importResponses } from '../../../import/importer';
import { parse } from '../../validate';
import { adminPath } from './path';

/** File contents arrive as JSON strings (bodies up to 25 MB on these two paths, see app.ts). */
export function importRoutes(ctx: AppContext): Router {
  const router = Router();

  router.post(adminPath(API.admin.importPrompts), (req, res) => {
    const result = importPrompts(ctx.store, parse(ImportPromptsRequestSchema, req.body));
    ctx.live.changed();
    res.json(result);
  });

  router.post(adminPath(API.admin.importResponses), (req, res) => {
    const result = importResponses(ctx.store, parse(ImportResponsesRequestSchema, req.body));
    ctx.live.pairsAdded(result.comparisons);
    ctx.live.changed(); // counts move even when no pair was added
    res.json(result);
  });

  return router;
}
