import type { z } from 'zod';
import type { LabelAck, LabelSubmitSchema } from '../../shared/schemas/labels';
import type { AppContext } from '../context';
import { nextAssignments } from '../queue/next';
import { submitLabel } from './submit';

/**
 * A label submit that also leases the next pairs (`next` > 0), in the same group commit: the label's
 * transaction is queued first, then the lease's (neither awaits the other), so the pair just labelled is done
 * before the lease looks for the user's live ones. The label decides the answer: if it fails, the caller gets
 * its error, and any pairs leased meanwhile come back first from their next queue:next. A lease that fails,
 * or is over the caller's queue:next rate limit, leaves `assignments` out; the label's ack stands.
 */
export async function submitAndLease(ctx: AppContext, userId: number, submit: z.output<typeof LabelSubmitSchema>): Promise<LabelAck> {
  const { next, ...label } = submit;
  const storing = submitLabel(ctx, userId, label);
  if (next === 0) return storing;
  const leasing = mayLease(ctx, userId) ? nextAssignments(ctx, userId, next).catch((err: unknown) => {
        ctx.log.error('label submit: leasing the next pairs failed', err);
        return undefined;
      }) : undefined;
  const ack = await storing;
  const assignments = await leasing;
  return assignments ? { ...ack, assignments } : ack;
}

function mayLease(ctx: AppContext, userId: number): boolean {
  try {
    ctx.queueLimiter.user(userId, 'next');
    return true;
  } catch {
    return false; // rate limited: the label still goes through
  }
}
