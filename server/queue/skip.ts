import type { AppContext } from '../context';
import { HttpError, notFound } from '../errors';

/** The user passes on a pair: the assignment becomes 'skipped' and that pair is never offered to them again. */
export function skipAssignment(ctx: AppContext, userId: number, assignmentId: number): { ok: true } {
  const { store } = ctx;
  store.transaction(() => {
    const assignment = store.assignments.byId(assignmentId);
    if (!assignment || assignment.user_id !== userId) throw notFound('Assignment');
    if (assignment.state === 'done') throw new HttpError(409, 'already_labeled', 'This pair is already labelled');
    if (assignment.state !== 'skipped') store.assignments.setState(assignmentId, 'skipped');
  });
  ctx.live.changed([userId]);
  return { ok: true };
}
