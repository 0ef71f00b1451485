import { Router } from 'express';
import { ROUTES } from '../../../shared/contract';
import type { AppContext } from '../../context';
import { submitLabel } from '../../labels/submit';
import { bind, reply } from '../contract';

export function labelRoutes(ctx: AppContext): Router {
  const limiter = ctx.queueLimiter;
  // 201 for a new label, 200 for a retried key (nothing written). The answer goes out after the commit.
  return bind(Router(), ROUTES.labelSubmit, async ({ user, body }) => {
    limiter.user(user.id, 'submit');
    const ack = await submitLabel(ctx, user.id, body);
    return reply(ack.duplicate ? 200 : 201, ack);
  });
}
