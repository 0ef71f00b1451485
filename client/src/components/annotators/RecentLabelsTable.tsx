import type { AnnotatorLabel } from '../../../../shared/schemas/annotators';
import { seconds } from './format';

const CHOICE_TEXT = { a: 'A', b: 'B', tie: 'tie', both_bad: 'both bad' } as const;

/** An annotator's newest labels: the prompt (as text), their choice (A/B as stored, i.e. response A/B) against gold. */
export function RecentLabelsTable({ labels }: { labels: AnnotatorLabel[] }) {
  if (labels.length === 0) return <p className="muted">No labels yet.</p>;
  return (
    <div className="table-scroll">
      <table className="table" data-testid="recent-labels">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Prompt</th>
            <th scope="col">Choice</th>
            <th scope="col">Gold</th>
            <th scope="col" className="num">
              Labels on pair
            </th>
            <th scope="col" className="num">
              Time
            </th>
          </tr>
        </thead>
        <tbody>
          {labels.map((l) => (
            <tr key={l.id} data-testid={`recent-label-${l.id}`}>
              <td className="nowrap">{new Date(l.createdAt).toLocaleString()}</td>
              <td className="cell-text">
                <span className="clip">{l.prompt}</span>
                <span className="muted small"> #{l.comparisonId}</span>
              </td>
              <td className="nowrap">
                {CHOICE_TEXT[l.choice]}
                {(l.choice === 'a' || l.choice === 'b') && <span className="muted small"> (shown {l.shownOrder === 'ab' ? 'A left' : 'B left'})</span>}
              </td>
              <td className={l.goldAnswer === null ? 'muted' : l.goldAnswer === l.choice ? 'tone-ok' : 'tone-error'}>
                {l.goldAnswer === null ? '—' : CHOICE_TEXT[l.goldAnswer]}
              </td>
              <td className="num">{l.labelCount}</td>
              <td className="num">{seconds(l.timeMs > 0 ? l.timeMs / 1000 : null)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
