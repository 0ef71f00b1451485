import type { AppContext } from '../context';
import { HttpError, notFound } from '../errors';

/**
 * The user passes on a pair: the assignment becomes 'skipped' and that pair is never offered to them again.
 * Only a live lease given back frees a pair for others (an expired one already went back to the queue), so
 * only that tells the annotators `queue:available`; skipping again changes nothing and tells no one.
 */
export async function skipAssignment(ctx: AppContext, userId: number, assignmentId: number): Promise<{ ok: true }> {
  const { store } = ctx;
  const before = await ctx.writes.run(() => {
    const assignment = store.assignments.byId(assignmentId);
    if (!assignment || assignment.userId !== userId) throw notFound('Assignment');
    if (assignment.state === 'done') throw new HttpError(409, 'already_labeled', 'This pair is already labelled');
    if (assignment.state !== 'skipped') store.assignments.setState(assignmentId, 'skipped');
    return assignment.state;
  });
  if (before === 'leased') ctx.live.pairsAdded(1); // the pair is free for others again
  if (before !== 'skipped') ctx.live.changed([userId]);
  return { ok: true };
}
