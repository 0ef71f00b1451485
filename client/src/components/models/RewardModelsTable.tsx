import type { RewardModelView } from '../../../../shared/schemas/reward';
import { formatTime } from '../runs/format';
import { RewardModelMetrics } from './RewardModelMetrics';
import { TrainedOn } from './TrainedOn';

interface Props {
  models: RewardModelView[];
  activating: number | null;
  /** the version refused as worse than the active one: offer to force it */
  needsForce: number | null;
  onActivate: (id: number, force?: boolean) => void;
}

const percent = (x: number | null) => (x === null ? '—' : `${(100 * x).toFixed(1)}%`);

/** Reward-model versions, newest first: the active one marked; any other can be activated (older: rolled back to). */
export function RewardModelsTable({ models, activating, needsForce, onActivate }: Props) {
  const activeVersion = models.find((m) => m.active)?.version ?? null;
  return (
    <table className="table models-table" data-testid="models-table">
      <thead>
        <tr>
          <th scope="col">Version</th>
          <th scope="col">Created</th>
          <th scope="col">Labels</th>
          <th scope="col">Trained on</th>
          <th scope="col">Val accuracy</th>
          <th scope="col">Metrics</th>
          <th scope="col">Status</th>
          <th scope="col">
            <span className="sr-only">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {models.map((model) => {
          const rollBack = activeVersion !== null && model.version < activeVersion;
          return (
            <tr key={model.id} data-testid={`model-row-v${model.version}`} data-active={model.active}>
              <td>
                <strong>v{model.version}</strong>
              </td>
              <td className="nowrap">{formatTime(model.createdAt)}</td>
              <td className="num">{model.trainedOnLabelCount.toLocaleString()}</td>
              <td>
                <TrainedOn metrics={model.metrics} testId={`model-snapshot-v${model.version}`} fallback="stored labels" />
              </td>
              <td className="num" data-testid={`model-accuracy-v${model.version}`}>
                {percent(model.valAccuracy)}
              </td>
              <td>
                <RewardModelMetrics metrics={model.metrics} />
              </td>
              <td>{model.active ? <span className="status-badge status-active">active</span> : <span className="muted">—</span>}</td>
              <td className="actions">
                {!model.active && needsForce !== model.id && (
                  <button
                    type="button"
                    className="btn btn-quiet btn-small"
                    disabled={activating !== null}
                    onClick={() => onActivate(model.id)}
                    data-testid={`model-activate-v${model.version}`}
                  >
                    {rollBack ? 'Roll back' : 'Activate'}
                  </button>
                )}
                {!model.active && needsForce === model.id && (
                  <button
                    type="button"
                    className="btn btn-small btn-danger"
                    disabled={activating !== null}
                    onClick={() => onActivate(model.id, true)}
                    title="Its held-out accuracy is below the active version's"
                    data-testid={`model-force-v${model.version}`}
                  >
                    Activate anyway
                  </button>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
