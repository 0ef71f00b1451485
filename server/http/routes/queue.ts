import { Router } from 'express';
import { API } from '../../../shared/api';
import { SkipRequestSchema } from '../../../shared/schemas/labels';
import { NextPairsQuerySchema } from '../../../shared/schemas/queue';
import { requireUser, userOf } from '../../auth/middleware';
import { isoAt } from '../../clock';
import type { AppContext } from '../../context';
import { nextAssignments } from '../../queue/next';
import { skipAssignment } from '../../queue/skip';
import { parse } from '../validate';

export function queueRoutes(ctx: AppContext): Router {
  const router = Router();

  /** The caller's live leases first, then new pairs, up to `count` in all (so a client asks for its whole buffer). */
  router.get(API.queueNext, requireUser, async (req, res) => {
    const { count } = parse(NextPairsQuerySchema, req.query);
    res.json({ assignments: await nextAssignments(ctx, userOf(req).id, count) });
  });

  router.post(API.queueSkip, requireUser, async (req, res) => {
    const { assignmentId } = parse(SkipRequestSchema, req.body);
    res.json(await skipAssignment(ctx, userOf(req).id, assignmentId));
  });

  router.get(API.queueCounts, requireUser, (_req, res) => {
    res.json(ctx.store.counts.queue(isoAt(ctx.clock())));
  });

  router.get(API.myProgress, requireUser, (req, res) => {
    res.json(ctx.store.counts.progress(userOf(req).id, isoAt(ctx.clock())));
  });

  return router;
}
