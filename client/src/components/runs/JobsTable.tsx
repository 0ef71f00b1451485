import type { Job } from '../../../../shared/schemas/jobs';
import { adminHref } from '../../pages/adminPaths';
import { formatTime } from './format';
import { JobActions } from './JobActions';
import { JobStatusBadge } from './JobStatusBadge';
import { ProgressBar } from './ProgressBar';

interface Props {
  jobs: Job[];
  busy: boolean;
  onCancel: (id: number) => void;
  onRerun: (id: number) => void;
}

/** Every job of the page: kind, status, progress, times, error; each row links to its run page. */
export function JobsTable({ jobs, busy, onCancel, onRerun }: Props) {
  return (
    <table className="table jobs-table" data-testid="jobs-table">
      <thead>
        <tr>
          <th scope="col">Run</th>
          <th scope="col">Kind</th>
          <th scope="col">Status</th>
          <th scope="col">Progress</th>
          <th scope="col">Created</th>
          <th scope="col">Started</th>
          <th scope="col">Finished</th>
          <th scope="col">Message / error</th>
          <th scope="col">
            <span className="sr-only">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {jobs.map((job) => (
          <tr key={job.id} data-testid={`job-row-${job.id}`} data-status={job.status}>
            <td>
              <a href={adminHref({ page: 'run', id: job.id })} data-testid={`job-link-${job.id}`}>
                #{job.id}
              </a>
            </td>
            <td className="mono">{job.kind}</td>
            <td>
              <JobStatusBadge status={job.status} />
            </td>
            <td>
              <ProgressBar value={job.progress} label={`Progress of job ${job.id}`} />
            </td>
            <td className="nowrap">{formatTime(job.createdAt)}</td>
            <td className="nowrap">{formatTime(job.startedAt)}</td>
            <td className="nowrap">{formatTime(job.finishedAt)}</td>
            <td className={job.error ? 'cell-text tone-error' : 'cell-text muted'}>{job.error ?? job.message ?? ''}</td>
            <td className="actions">
              <JobActions job={job} busy={busy} onCancel={onCancel} onRerun={onRerun} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
