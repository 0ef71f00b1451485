import type { LabelChange, MyLabel } from '../../shared/schemas/label-review';
import { isoAt } from '../clock';
import type { AppContext } from '../context';
import { HttpError, notFound } from '../errors';
import { choiceOf } from './submit';

/**
 * An annotator changes the label they gave under a lease: the change is a new version (the old one is kept
 * in label_versions, for the admin), and the current version is what exports, training and agreement read.
 * Only their own label (anyone else's is 404, as if there were none), never on a retired pair. The same
 * decision again changes nothing. One transaction, through the group commit like submits.
 */
export async function changeLabel(ctx: AppContext, userId: number, assignmentId: number, change: LabelChange): Promise<MyLabel> {
  const { store } = ctx;
  const nowIso = isoAt(ctx.clock());
  return ctx.writes.run((): MyLabel => {
    const label = store.labelVersions.own(userId, assignmentId);
    if (!label) throw notFound('Label');
    if (label.comparisonStatus === 'retired') throw new HttpError(409, 'comparison_retired', 'This pair was retired: its labels no longer change');
    const decision = { choice: choiceOf(change.pick, label.shownOrder), strength: change.strength, rationale: change.rationale?.trim() || null };
    const same = decision.choice === label.choice && decision.strength === label.strength && decision.rationale === label.rationale;
    if (!same) store.labelVersions.change(label.id, decision, nowIso);
    const mine = store.labelVersions.mineOne(userId, assignmentId);
    if (!mine) throw notFound('Label');
    return mine;
  });
}
