import { Router } from 'express';
import { ROUTES } from '../../../shared/contract';
import { isoAt } from '../../clock';
import type { AppContext } from '../../context';
import { nextAssignments } from '../../queue/next';
import { skipAssignment } from '../../queue/skip';
import { bind } from '../contract';

export function queueRoutes(ctx: AppContext): Router {
  const router = Router();
  const limiter = ctx.queueLimiter; // shared with the socket handlers: one budget per user

  /** The caller's live leases first, then new pairs, up to `count` in all (so a client asks for its whole buffer). */
  bind(router, ROUTES.queueNext, async ({ user, body: { count } }) => {
    limiter.user(user.id, 'next');
    return { assignments: await nextAssignments(ctx, user.id, count) };
  });

  bind(router, ROUTES.queueSkip, ({ user, body: { assignmentId } }) => {
    limiter.user(user.id, 'skip');
    return skipAssignment(ctx, user.id, assignmentId);
  });

  bind(router, ROUTES.queueCounts, () => ctx.store.counts.queue(isoAt(ctx.clock())));

  bind(router, ROUTES.myProgress, ({ user }) => ctx.store.counts.progress(user.id, isoAt(ctx.clock())));

  return router;
}
