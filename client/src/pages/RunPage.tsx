import { FINISHED_STATUSES } from '../../../shared/schemas/jobs';
import { JobActions } from '../components/runs/JobActions';
import { JobStatusBadge } from '../components/runs/JobStatusBadge';
import { JsonBlock } from '../components/runs/JsonBlock';
import { MetricCharts } from '../components/runs/MetricCharts';
import { ProgressBar } from '../components/runs/ProgressBar';
import { RunFacts } from '../components/runs/RunFacts';
import { SkippedUpdate } from '../components/runs/SkippedUpdate';
import { useJob } from '../hooks/useJob';
import { useJobActions } from '../hooks/useJobActions';

/** #/admin/runs/:id: one job's status, live metric charts, config, result and error. A rerun opens the new run. */
export function RunPage({ id, onOpenRun }: { id: number; onOpenRun: (id: number) => void }) {
  const { job, loading, error } = useJob(id);
  const actions = useJobActions((created) => onOpenRun(created.id));

  if (loading) return <p className="muted boot">Loading run #{id}…</p>;
  if (!job) {
    return (
      <main className="page admin" data-testid="run-page">
        <p className="notice" role="alert">
          {error ?? `Run #${id} was not found.`}
        </p>
      </main>
    );
  }
  const live = !FINISHED_STATUSES.includes(job.status);
  return (
    <main className="page admin" data-testid="run-page" data-job-id={job.id}>
      <section className="card admin-section" aria-labelledby="run-title">
        <header className="section-head">
          <h2 id="run-title">
            Run #{job.id} <span className="mono muted">{job.kind}</span>
          </h2>
          <div className="head-actions">
            <JobStatusBadge status={job.status} testId="run-status" />
            <JobActions job={job} busy={actions.busy} onCancel={actions.cancel} onRerun={actions.rerun} />
          </div>
        </header>
        <div className="run-progress">
          <ProgressBar value={job.progress} label="Progress" />
          <span className="muted" data-testid="run-message">
            {job.message ?? ''}
          </span>
        </div>
        <RunFacts job={job} />
        <SkippedUpdate result={job.result} />
        {job.error && (
          <pre className="error-box" data-testid="run-error">
            {job.error}
          </pre>
        )}
        {actions.error && (
          <p className="form-message tone-error" role="alert">
            {actions.error}
          </p>
        )}
      </section>
      <section className="card admin-section" aria-labelledby="metrics-title">
        <header className="section-head">
          <h2 id="metrics-title">Metrics</h2>
          {live && <span className="live-dot">Live</span>}
        </header>
        <MetricCharts series={job.series} />
      </section>
      <div className="admin-grid admin-grid-even">
        <JsonBlock title="Config" value={job.config} testId="run-config" />
        <JsonBlock title="Result" value={job.result} testId="run-result" />
      </div>
    </main>
  );
}
