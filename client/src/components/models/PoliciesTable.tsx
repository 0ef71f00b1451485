import type { PolicyView } from '../../../../shared/schemas/policies';
import { formatTime } from '../runs/format';
import { TrainedOn } from './TrainedOn';

interface Props {
  policies: PolicyView[];
  activating: number | null;
  onActivate: (id: number) => void;
}

/** The few final metrics worth a glance, by their record names. */
const SHOWN = ['objective/scores', 'objective/kl', 'eval/rewards/accuracies', 'objective/picked_score'];
const fmt = (v: unknown) => (typeof v === 'number' ? (Math.abs(v) >= 100 ? v.toFixed(0) : v.toPrecision(3)) : String(v));

/** Policy versions, newest first, with what each was trained from and how; any inactive one can be activated. */
export function PoliciesTable({ policies, activating, onActivate }: Props) {
  const activeVersion = policies.find((p) => p.active)?.version ?? null;
  const versionOf = new Map(policies.map((p) => [p.id, p.version]));
  return (
    <table className="table models-table" data-testid="policies-table">
      <thead>
        <tr>
          <th scope="col">Version</th>
          <th scope="col">Created</th>
          <th scope="col">From</th>
          <th scope="col">Trained by</th>
          <th scope="col">Trained on</th>
          <th scope="col">Metrics</th>
          <th scope="col">Status</th>
          <th scope="col">
            <span className="sr-only">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {policies.map((p) => (
          <tr key={p.id} data-testid={`policy-row-v${p.version}`} data-active={p.active}>
            <td>
              <strong>v{p.version}</strong>
            </td>
            <td className="nowrap">{formatTime(p.createdAt)}</td>
            <td>{p.parentId === null ? <span className="muted">—</span> : `v${versionOf.get(p.parentId) ?? '?'}`}</td>
            <td>{p.algorithm ?? <span className="muted">{p.kind === 'builtin' ? 'starter' : p.kind}</span>}</td>
            <td>
              <TrainedOn metrics={p.metrics} testId={`policy-snapshot-v${p.version}`} fallback={p.algorithm === 'dpo' ? 'stored labels' : '—'} />
            </td>
            <td className="small">
              {SHOWN.filter((k) => typeof p.metrics[k] === 'number')
                .map((k) => `${k.split('/').slice(-1)[0]} ${fmt(p.metrics[k])}`)
                .join(' · ') || <span className="muted">—</span>}
            </td>
            <td>{p.active ? <span className="status-badge status-active">active</span> : <span className="muted">—</span>}</td>
            <td className="actions">
              {!p.active && (
                <button
                  type="button"
                  className="btn btn-quiet btn-small"
                  disabled={activating !== null}
                  onClick={() => onActivate(p.id)}
                  data-testid={`policy-activate-v${p.version}`}
                >
                  {activeVersion !== null && p.version < activeVersion ? 'Roll back' : 'Activate'}
                </button>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
