import { Router } from 'express';
import { API } from '../../../../shared/api';
import { QueueSettingsSchema } from '../../../../shared/schemas/queue';
import type { AppContext } from '../../../context';
import { parse } from '../../validate';
import { adminPath } from './path';

export function settingsRoutes(ctx: AppContext): Router {
  const router = Router();
  const { store } = ctx;

  router.get(adminPath(API.admin.settings), (_req, res) => {
    res.json(store.settings.queue());
  });

  // A new overlap k applies at once to every open comparison (those already at k labels complete).
  router.put(adminPath(API.admin.settings), (req, res) => {
    const settings = parse(QueueSettingsSchema, req.body);
    store.transaction(() => {
      store.settings.setQueue(settings);
      store.comparisons.applyOverlap(settings.overlap);
    });
    ctx.live.changed();
    res.json(settings);
  });

  return router;
}
