import type { DataDistributions } from '../../../../shared/schemas/data';
import { STRENGTH_LABELS } from '../../../../shared/schemas/labels';
import { ProgressBar } from '../runs/ProgressBar';

const CHOICE_NAMES = { a: 'A', b: 'B', tie: 'Tie', both_bad: 'Both bad' } as const;
const percent = (share: number | null) => (share === null ? '–' : `${Math.round(share * 100)} %`);

/** Label choice shares, the strength histogram, position bias and the tie/both-bad share, as bars and tiles. */
export function DistributionsPanel({ d }: { d: DataDistributions }) {
  const share = (n: number) => (d.labels > 0 ? n / d.labels : 0);
  return (
    <div className="stack" data-testid="data-distributions">
      <dl className="tiles">
        <div className="tile">
          <dt>Labels</dt>
          <dd data-testid="dist-labels">{d.labels}</dd>
        </div>
        <div className="tile" title="Among A/B decisions, the share that chose the response shown on the left (50 % = no bias)">
          <dt>Left chosen</dt>
          <dd data-testid="dist-left-share">{percent(d.positionBias.leftShare)}</dd>
        </div>
        <div className="tile">
          <dt>Ties + both bad</dt>
          <dd data-testid="dist-tie-share">{percent(d.tieOrBothBadShare)}</dd>
        </div>
        <div className="tile">
          <dt>Changed by annotator</dt>
          <dd data-testid="dist-changed">{d.changed}</dd>
        </div>
      </dl>
      <div className="admin-grid-even">
        <table className="table" aria-label="Choices">
          <tbody>
            {(Object.keys(CHOICE_NAMES) as (keyof typeof CHOICE_NAMES)[]).map((c) => (
              <tr key={c} data-testid={`dist-choice-${c}`}>
                <th scope="row">{CHOICE_NAMES[c]}</th>
                <td className="nowrap">{d.choices[c]}</td>
                <td>
                  <ProgressBar value={share(d.choices[c])} label={`${CHOICE_NAMES[c]} share`} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <table className="table" aria-label="Strengths">
          <tbody>
            {d.strengths.map((n, s) => (
              <tr key={STRENGTH_LABELS[s]}>
                <th scope="row">{STRENGTH_LABELS[s]}</th>
                <td className="nowrap">{n}</td>
                <td>
                  <ProgressBar value={share(n)} label={`strength ${s} share`} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
