import { Router } from 'express';
import { API } from '../../../shared/api';
import { GuidelinesSchema } from '../../../shared/schemas/queue';
import { requireRole, requireUser } from '../../auth/middleware';
import type { AppContext } from '../../context';
import { DEFAULT_GUIDELINES } from '../../seed/guidelines';
import { parse } from '../validate';

export function guidelinesRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get(API.guidelines, requireUser, (_req, res) => {
    res.json({ markdown: ctx.store.settings.guidelines() ?? DEFAULT_GUIDELINES });
  });
  // The one admin write outside /api/admin (the path is shared with the read above).
  router.put(API.guidelines, requireRole('admin'), (req, res) => {
    const { markdown } = parse(GuidelinesSchema, req.body);
    ctx.store.settings.setGuidelines(markdown);
    res.json({ markdown });
  });
  return router;
}
