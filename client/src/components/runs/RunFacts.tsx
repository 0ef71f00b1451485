import type { Job } from '../../../../shared/schemas/jobs';
import { adminHref } from '../../pages/adminPaths';
import { formatDuration, formatTime } from './format';

/** When a job was created, started and finished, how long it ran, and the run it repeats. */
export function RunFacts({ job }: { job: Job }) {
  return (
    <dl className="facts">
      <div>
        <dt>Created</dt>
        <dd>{formatTime(job.createdAt)}</dd>
      </div>
      <div>
        <dt>Started</dt>
        <dd>{formatTime(job.startedAt)}</dd>
      </div>
      <div>
        <dt>Finished</dt>
        <dd>{formatTime(job.finishedAt)}</dd>
      </div>
      <div>
        <dt>Ran for</dt>
        <dd>{formatDuration(job.startedAt, job.finishedAt) || '—'}</dd>
      </div>
      {job.parentJobId !== null && (
        <div>
          <dt>Rerun of</dt>
          <dd>
            <a href={adminHref({ page: 'run', id: job.parentJobId })}>#{job.parentJobId}</a>
          </dd>
        </div>
      )}
    </dl>
  );
}
