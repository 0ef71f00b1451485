import type { JobStatus } from '../../../../shared/schemas/jobs';

/** A job's status as a coloured pill (queued, running, succeeded, failed, cancelled, interrupted). */
export function JobStatusBadge({ status, testId }: { status: JobStatus; testId?: string }) {
  return (
    <span className={`status-badge status-${status}`} data-testid={testId} data-status={status}>
      {status}
    </span>
  );
}
