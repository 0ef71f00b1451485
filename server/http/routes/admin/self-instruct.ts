import { Router } from 'express';
import { ROUTES } from '../../../../shared/contract';
import type { AppContext } from '../../../context';
import { bind } from '../../contract';
import { schedulerOf } from './jobs';

/**
 * Self-Instruct prompt generation as an import source: queues a self_instruct job (server/jobs/kinds/self-instruct.ts)
 * and answers 202 with it at once. Follow it at GET /api/admin/jobs/:id (or the job:progress / job:updated events);
 * its result is the ImportSelfInstructResult. A request that cannot start (no seeds and no stored prompts, the
 * built-in checkpoint missing) is refused before any job is stored.
 */
export function selfInstructRoutes(ctx: AppContext): Router {
  const router = Router();
  bind(router, ROUTES.adminImportSelfInstruct, ({ body, user }) =>
    schedulerOf(ctx).submit({ kind: 'self_instruct', config: body, createdBy: user.id }),
  );
  return router;
}
