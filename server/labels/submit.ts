import type { z } from 'zod';
import type { Choice, LabelAck, LabelSubmitSchema, Pick } from '../../shared/schemas/labels';
import type { ShownOrder } from '../../shared/schemas/queue';
import { isoAt } from '../clock';
import type { AppContext } from '../context';
import { HttpError, notFound } from '../errors';
import type { Store } from '../store';
import type { AssignmentRow } from '../store/assignments';

/** Screen side → stored choice: 'left' is response_a when the pair was shown in 'ab' order. */
export function choiceOf(pick: Pick, shownOrder: ShownOrder): Choice {
  if (pick === 'left') return shownOrder === 'ab' ? 'a' : 'b';
  if (pick === 'right') return shownOrder === 'ab' ? 'b' : 'a';
  return pick;
}

/**
 * Stores one label in ONE transaction (possibly sharing its commit with others', see GroupCommit); the
 * promise settles after the commit, and only then does the caller acknowledge.
 * A retry with the same idempotency key returns the first label (duplicate: true) and writes nothing.
 */
export async function submitLabel(ctx: AppContext, userId: number, submit: Omit<z.output<typeof LabelSubmitSchema>, 'next'>): Promise<LabelAck> {
  const { store } = ctx;
  const nowIso = isoAt(ctx.clock());
  const ack = await ctx.writes.run((): LabelAck => {
    const stored = store.labels.byKey(submit.idempotencyKey);
    if (stored) {
      if (stored.userId !== userId) throw new HttpError(409, 'idempotency_conflict', 'This idempotency key was used by another user');
      return { duplicate: true };
    }
    const assignment = store.assignments.byId(submit.assignmentId);
    if (!assignment || assignment.userId !== userId) throw notFound('Assignment');
    checkStillWanted(store, assignment, nowIso);

    const choice = choiceOf(submit.pick, assignment.shownOrder);
    insertLabel(store, {
      comparisonId: assignment.comparisonId,
      assignmentId: assignment.id,
      userId,
      choice,
      strength: submit.strength,
      rationale: submit.rationale?.trim() || null,
      shownOrder: assignment.shownOrder,
      timeMs: submit.timeMs,
      idempotencyKey: submit.idempotencyKey,
      createdAt: nowIso,
    });
    store.assignments.setState(assignment.id, 'done');
    store.comparisons.countLabel(assignment.comparisonId);
    return { duplicate: false };
  });
  if (!ack.duplicate) {
    ctx.live.changed([userId]);
    ctx.jobs?.onLabelsCommitted(); // the reward-model retraining schedule (DESIGN §4, the loop)
  }
  return ack;
}

/**
 * A live lease is always accepted. An expired one is still accepted (it is the annotator's work) as long
 * as the pair still wants a label: open, and not filled by others' labels and live leases meanwhile.
 */
function checkStillWanted(store: Store, assignment: AssignmentRow, nowIso: string): void {
  if (assignment.state === 'done') throw new HttpError(409, 'already_labeled', 'This pair is already labelled');
  if (assignment.state === 'skipped') throw new HttpError(409, 'assignment_skipped', 'This pair was skipped');
  const live = assignment.state === 'leased' && assignment.expiresAt >= nowIso;
  if (live) return;
  const comparison = store.comparisons.state(assignment.comparisonId);
  const others = store.assignments.liveLeasesOn(assignment.comparisonId, nowIso, assignment.id);
  const wanted =
    comparison !== undefined &&
    comparison.status === 'open' &&
    (comparison.kind === 'gold' || comparison.labelCount + others < comparison.overlapTarget);
  if (!wanted) throw new HttpError(409, 'lease_expired', 'The lease on this pair expired and it went to someone else');
}

function insertLabel(store: Store, label: Parameters<Store['labels']['insert']>[0]): number {
  try {
    return store.labels.insert(label);
  } catch (err) {
    // UNIQUE (comparison_id, user_id): e.g. a label imported for this user on the same pair
    if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
      throw new HttpError(409, 'already_labeled', 'You already labelled this pair');
    }
    throw err;
  }
}
