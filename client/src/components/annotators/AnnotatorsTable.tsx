import type { AnnotatorSummary } from '../../../../shared/schemas/annotators';
import type { PublicUser } from '../../../../shared/schemas/auth';
import { adminHref } from '../../pages/adminPaths';
import { percent, seconds, tallyText } from './format';

interface Props {
  annotators: AnnotatorSummary[];
  busyId: number | null;
  onSetDisabled: (user: PublicUser, disabled: boolean) => void;
}

/** One row per annotator: volume, median time, agreement with the majority and with gold, left-side picks, disable. */
export function AnnotatorsTable({ annotators, busyId, onSetDisabled }: Props) {
  return (
    <div className="table-scroll">
      <table className="table" data-testid="annotators-table">
        <thead>
          <tr>
            <th scope="col">Annotator</th>
            <th scope="col" className="num">
              Labels
            </th>
            <th scope="col" className="num">
              Median time
            </th>
            <th scope="col">With majority</th>
            <th scope="col">With gold</th>
            <th scope="col" title="share of A/B picks that were the left side (50 %: no position bias)">
              Left picks
            </th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {annotators.map(({ user, ...a }) => (
            <tr key={user.id} data-testid={`annotator-row-${user.name}`} className={user.disabled ? 'is-disabled' : undefined}>
              <td className="cell-text">
                <a href={adminHref({ page: 'annotator', id: user.id })} data-testid={`annotator-link-${user.name}`}>
                  {user.name}
                </a>
                {user.disabled && <span className="muted small"> disabled</span>}
              </td>
              <td className="num">{a.labels.toLocaleString()}</td>
              <td className="num">{seconds(a.medianSeconds)}</td>
              <td className="nowrap" data-testid="annotator-majority">
                {tallyText(a.majority)}
              </td>
              <td className="nowrap" data-testid="annotator-gold">
                {tallyText(a.gold)}
              </td>
              <td className="nowrap">{percent(a.leftPicks.rate)}</td>
              <td className="actions">
                <button
                  type="button"
                  className="btn btn-quiet btn-small"
                  disabled={busyId === user.id}
                  onClick={() => onSetDisabled(user, !user.disabled)}
                  aria-label={`${user.disabled ? 'Enable' : 'Disable'} ${user.name}`}
                >
                  {user.disabled ? 'Enable' : 'Disable'}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
