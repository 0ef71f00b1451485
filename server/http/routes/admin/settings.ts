import { Router } from 'express';
import { ROUTES } from '../../../../shared/contract';
import type { AppContext } from '../../../context';
import { bind } from '../../contract';

export function settingsRoutes(ctx: AppContext): Router {
  const router = Router();
  const { store } = ctx;

  bind(router, ROUTES.adminSettings, () => store.settings.queue());

  // A new overlap k applies at once to every open comparison (those already at k labels complete).
  bind(router, ROUTES.adminSettingsSave, ({ body: settings }) => {
    store.transaction(() => {
      store.settings.setQueue(settings);
      store.comparisons.applyOverlap(settings.overlap);
    });
    ctx.live.changed();
    return settings;
  });

  return router;
}
