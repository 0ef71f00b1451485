import { Router } from 'express';
import { ROUTES } from '../../../shared/contract';
import type { AppContext } from '../../context';
import { DEFAULT_GUIDELINES } from '../../seed/guidelines';
import { bind } from '../contract';

export function guidelinesRoutes(ctx: AppContext): Router {
  const router = Router();
  bind(router, ROUTES.guidelines, () => ({ markdown: ctx.store.settings.guidelines() ?? DEFAULT_GUIDELINES }));
  bind(router, ROUTES.guidelinesSave, ({ body: { markdown } }) => {
    ctx.store.settings.setGuidelines(markdown);
    return { markdown };
  });
  return router;
}
