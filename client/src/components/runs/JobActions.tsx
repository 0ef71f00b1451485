import type { Job } from '../../../../shared/schemas/jobs';
import { FINISHED_STATUSES } from '../../../../shared/schemas/jobs';

interface Props {
  job: Job;
  busy: boolean;
  onCancel: (id: number) => void;
  onRerun: (id: number) => void;
}

/** Cancel while a job is queued or running; rerun (same kind and config) once it is over. */
export function JobActions({ job, busy, onCancel, onRerun }: Props) {
  const finished = FINISHED_STATUSES.includes(job.status);
  return finished ? (
    <button
      type="button"
      className="btn btn-quiet btn-small"
      disabled={busy}
      onClick={() => onRerun(job.id)}
      aria-label={`Rerun job ${job.id}`}
      data-testid={`job-rerun-${job.id}`}
    >
      Rerun
    </button>
  ) : (
    <button
      type="button"
      className="btn btn-quiet btn-small btn-danger"
      disabled={busy}
      onClick={() => onCancel(job.id)}
      aria-label={`Cancel job ${job.id}`}
      data-testid={`job-cancel-${job.id}`}
    >
      Cancel
    </button>
  );
}
