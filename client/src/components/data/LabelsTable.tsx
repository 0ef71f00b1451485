import type { DataLabel } from '../../../../shared/schemas/data';
import { STRENGTH_LABELS } from '../../../../shared/schemas/labels';

const when = (iso: string) => new Date(iso).toLocaleString();
const CHOICE_NAMES = { a: 'A', b: 'B', tie: 'tie', both_bad: 'both bad' } as const;

/** Every annotator's label on one comparison; a changed label shows its earlier versions under it, struck. */
export function LabelsTable({ labels }: { labels: DataLabel[] }) {
  if (labels.length === 0) return <p className="muted small">No labels yet.</p>;
  return (
    <table className="table" data-testid="data-labels">
      <thead>
        <tr>
          <th scope="col">Annotator</th>
          <th scope="col">Choice</th>
          <th scope="col">Strength</th>
          <th scope="col">Shown</th>
          <th scope="col">Time</th>
          <th scope="col">Version</th>
          <th scope="col">Rationale</th>
        </tr>
      </thead>
      <tbody>
        {labels.flatMap((l) => [
          <tr key={l.id} data-testid="data-label" data-version={l.version}>
            <td>{l.userName}</td>
            <td data-testid="label-choice">{CHOICE_NAMES[l.choice]}</td>
            <td>{STRENGTH_LABELS[l.strength]}</td>
            <td className="mono">{l.shownOrder === 'ab' ? 'A left' : 'B left'}</td>
            <td className="nowrap">{(l.timeMs / 1000).toFixed(1)} s</td>
            <td title={when(l.changedAt ?? l.createdAt)}>v{l.version}{l.changedAt ? ' (current)' : ''}</td>
            <td>{l.rationale}</td>
          </tr>,
          ...[...l.history].reverse().map((v) => (
            <tr key={`${l.id}-v${v.version}`} className="is-disabled" data-testid="data-label-old-version" data-version={v.version}>
              <td className="muted">{l.userName}</td>
              <td>
                <s data-testid="label-choice">{CHOICE_NAMES[v.choice]}</s>
              </td>
              <td>
                <s>{STRENGTH_LABELS[v.strength]}</s>
              </td>
              <td />
              <td />
              <td className="muted" title={`made ${when(v.madeAt)}`}>
                v{v.version}, replaced {when(v.supersededAt)}
              </td>
              <td className="muted">{v.rationale}</td>
            </tr>
          )),
        ])}
      </tbody>
    </table>
  );
}
