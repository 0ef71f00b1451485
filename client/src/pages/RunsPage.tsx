import { useState } from 'react';
import { JOB_KINDS, JOB_STATUSES, type JobKind, type JobStatus } from '../../../shared/schemas/jobs';
import { FilterSelect } from '../components/runs/FilterSelect';
import { JobsTable } from '../components/runs/JobsTable';
import { useJobActions } from '../hooks/useJobActions';
import { useJobs } from '../hooks/useJobs';

const PAGE_SIZE = 25;

/** #/admin/runs: every job, newest first, filtered by status and kind; cancel and rerun in place. */
export function RunsPage() {
  const [status, setStatus] = useState<JobStatus | ''>('');
  const [kind, setKind] = useState<JobKind | ''>('');
  const [offset, setOffset] = useState(0);
  const { jobs, total, loading, error } = useJobs({
    status: status || undefined,
    kind: kind || undefined,
    limit: PAGE_SIZE,
    offset,
  });
  const actions = useJobActions();

  return (
    <main className="page admin" data-testid="runs-page">
      <section className="card admin-section" aria-labelledby="runs-title">
        <header className="section-head">
          <h2 id="runs-title">Runs</h2>
          <span className="muted">{total} in all</span>
        </header>
        <div className="inline-form">
          <FilterSelect
            label="Status"
            value={status}
            options={JOB_STATUSES}
            onChange={(v) => {
              setStatus(v);
              setOffset(0);
            }}
            testId="runs-filter-status"
          />
          <FilterSelect
            label="Kind"
            value={kind}
            options={JOB_KINDS}
            onChange={(v) => {
              setKind(v);
              setOffset(0);
            }}
            testId="runs-filter-kind"
          />
        </div>
        {(error ?? actions.error) && (
          <p className="form-message tone-error" role="alert">
            {error ?? actions.error}
          </p>
        )}
        {loading ? (
          <p className="muted">Loading…</p>
        ) : jobs.length === 0 ? (
          <p className="muted" data-testid="runs-empty">
            No runs{status || kind ? ' match these filters' : ' yet'}.
          </p>
        ) : (
          <JobsTable jobs={jobs} busy={actions.busy} onCancel={actions.cancel} onRerun={actions.rerun} />
        )}
        {total > PAGE_SIZE && (
          <div className="pager">
            <button
              type="button"
              className="btn btn-quiet btn-small"
              onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}
              disabled={offset === 0}
            >
              Newer
            </button>
            <span className="muted">
              {offset + 1}–{Math.min(offset + PAGE_SIZE, total)} of {total}
            </span>
            <button
              type="button"
              className="btn btn-quiet btn-small"
              onClick={() => setOffset(offset + PAGE_SIZE)}
              disabled={offset + PAGE_SIZE >= total}
            >
              Older
            </button>
          </div>
        )}
      </section>
    </main>
  );
}
