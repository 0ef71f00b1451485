import { Router } from 'express';
import { ROUTES } from '../../../shared/contract';
import type { AppContext } from '../../context';
import { changeLabel } from '../../labels/change';
import { submitAndLease } from '../../labels/submit-and-lease';
import { bind, reply } from '../contract';

export function labelRoutes(ctx: AppContext): Router {
  const router = Router();
  const limiter = ctx.queueLimiter;
  // 201 for a new label, 200 for a retried key (nothing written). The answer goes out after the commit.
  bind(router, ROUTES.labelSubmit, async ({ user, body }) => {
    limiter.user(user.id, 'submit');
    const ack = await submitAndLease(ctx, user.id, body);
    return reply(ack.duplicate ? 200 : 201, ack);
  });
  // review: the caller's own labels only, blind; a change is a new version (server/labels/change.ts)
  bind(router, ROUTES.myLabels, ({ user, query }) => ctx.store.labelVersions.mine(user.id, query.limit, query.offset));
  bind(router, ROUTES.myLabelChange, ({ user, params, body }) => {
    limiter.user(user.id, 'submit');
    return changeLabel(ctx, user.id, params.id, body);
  });
  return router;
}
