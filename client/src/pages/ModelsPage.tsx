import { PoliciesTable } from '../components/models/PoliciesTable';
import { RewardModelsTable } from '../components/models/RewardModelsTable';
import { RunLoopRoundForm } from '../components/models/RunLoopRoundForm';
import { TrainRewardModelForm } from '../components/models/TrainRewardModelForm';
import { useJobActions } from '../hooks/useJobActions';
import { usePolicies } from '../hooks/usePolicies';
import { useRewardModels } from '../hooks/useRewardModels';

/**
 * #/admin/models: policy and reward-model versions, activation / roll back, training a new reward model and running
 * a loop round (each opens its run).
 */
export function ModelsPage({ onOpenRun }: { onOpenRun: (id: number) => void }) {
  const rm = useRewardModels();
  const policies = usePolicies();
  const jobs = useJobActions((job) => onOpenRun(job.id));
  const loop = useJobActions((job) => onOpenRun(job.id));

  return (
    <main className="page admin" data-testid="models-page">
      <section className="card admin-section" aria-labelledby="train-title">
        <header className="section-head">
          <h2 id="train-title">Train a reward model</h2>
          <span className="muted small">on every stored label; activated when its held-out accuracy is not worse</span>
        </header>
        <TrainRewardModelForm busy={jobs.busy} error={jobs.error} onTrain={(config) => jobs.create({ kind: 'rm', config })} />
      </section>
      <section className="card admin-section" aria-labelledby="loop-title">
        <header className="section-head">
          <h2 id="loop-title">Improve the policy</h2>
          <span className="muted small">one loop round: reward model if due, policy update, new version, its pairs to the queue</span>
        </header>
        <RunLoopRoundForm busy={loop.busy} error={loop.error} onRun={(config) => loop.create({ kind: 'loop', config })} />
      </section>
      <section className="card admin-section" aria-labelledby="models-title">
        <header className="section-head">
          <h2 id="models-title">Reward models</h2>
          <span className="muted">
            {rm.total} {rm.total === 1 ? 'version' : 'versions'}
          </span>
        </header>
        {(rm.error ?? rm.activateError) && (
          <p className="form-message tone-error" role="alert" data-testid="models-error">
            {rm.error ?? rm.activateError}
          </p>
        )}
        {rm.loading ? (
          <p className="muted">Loading…</p>
        ) : rm.models.length === 0 ? (
          <p className="muted" data-testid="models-empty">
            No reward model yet: label some pairs (or import labelled pairs), then train one.
          </p>
        ) : (
          <RewardModelsTable models={rm.models} activating={rm.activating} needsForce={rm.needsForce} onActivate={rm.activate} />
        )}
      </section>
      <section className="card admin-section" aria-labelledby="policies-title">
        <header className="section-head">
          <h2 id="policies-title">Policies</h2>
          <span className="muted">
            {policies.total} {policies.total === 1 ? 'version' : 'versions'}; new ones come from policy jobs and the loop
          </span>
        </header>
        {(policies.error ?? policies.activateError) && (
          <p className="form-message tone-error" role="alert">
            {policies.error ?? policies.activateError}
          </p>
        )}
        {policies.loading ? (
          <p className="muted">Loading…</p>
        ) : (
          <PoliciesTable policies={policies.policies} activating={policies.activating} onActivate={policies.activate} />
        )}
      </section>
    </main>
  );
}
