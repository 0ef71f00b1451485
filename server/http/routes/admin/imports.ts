import { Router } from 'express';
import { ROUTES } from '../../../../shared/contract';
import type { AppContext } from '../../../context';
import { importPrompts, importResponses } from '../../../import/importer';
import { bind } from '../../contract';

/** File contents arrive as JSON strings (bodies up to the routes' bodyLimit, parsed a piece at a time: http/body.ts). */
export function importRoutes(ctx: AppContext): Router {
  const router = Router();

  // imports run in chunks (import/chunks.ts): labels and next-pair requests are served while one runs
  bind(router, ROUTES.adminImportPrompts, async ({ body }) => {
    const result = await importPrompts(ctx.store, body);
    ctx.live.changed();
    return result;
  });

  // new pairs are announced chunk by chunk as they commit (coalesced by the live layer), not only at the end
  bind(router, ROUTES.adminImportResponses, async ({ body }) => {
    const result = await importResponses(ctx.store, body, (count) => ctx.live.pairsAdded(count));
    ctx.live.changed(); // counts move even when no pair was added
    return result;
  });

  return router;
}
