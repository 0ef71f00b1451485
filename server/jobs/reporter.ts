import type { Job, JobProgress, MetricRecord } from '../../shared/schemas/jobs';
import type { Logger } from '../context';
import type { Store } from '../store';
import { JobTaskUpdateSchema } from './job-task';

/** Where the scheduler announces jobs (socket.io to admins in the server; a recorder in tests). */
export interface JobEvents {
  /** a running job's progress and the metric records since the last call */
  progress(progress: JobProgress): void;
  /** a job changed status (queued, running, and each end) */
  updated(job: Job): void;
}

export const noJobEvents: JobEvents = { progress() {}, updated() {} };

/**
 * Collects a running job's updates from its worker and writes them in batches: at most one transaction
 * (progress + metric rows) and one `job:progress` event per interval, however fast the worker reports.
 */
export class JobReporter {
  private records: MetricRecord[] = [];
  private progress: number | undefined;
  private message: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private warned = false;

  constructor(
    private readonly store: Store,
    private readonly job: Job,
    private readonly events: JobEvents,
    private readonly log: Logger,
    private readonly intervalMs: number,
  ) {}

  /** A worker message: parsed (a worker is a boundary), buffered, flushed within the interval. */
  update(data: unknown): void {
    const parsed = JobTaskUpdateSchema.safeParse(data);
    if (!parsed.success) {
      if (!this.warned) this.log.error(`job ${this.job.id}: ignoring a progress message that is not a job update`, parsed.error);
      this.warned = true;
      return;
    }
    const { progress, message, record } = parsed.data;
    if (progress !== undefined) this.progress = progress;
    if (message !== undefined) this.message = message;
    if (record) this.records.push(record);
    this.timer ??= setTimeout(() => this.flush(), this.intervalMs);
  }

  /** Writes what is buffered now (also called when the job ends, before its final status). */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.progress === undefined && this.message === undefined && this.records.length === 0) return;
    const records = this.records;
    this.records = [];
    const { id } = this.job;
    const progress = this.progress;
    const message = this.message;
    this.progress = undefined;
    this.message = undefined;
    try {
      const job = this.store.transaction(() => {
        if (progress !== undefined || message !== undefined) this.store.jobs.setProgress(id, progress, message ?? null);
        this.store.jobs.appendMetrics(id, records);
        return this.store.jobs.get(id);
      });
      if (!job) return;
      this.events.progress({ jobId: id, kind: job.kind, status: job.status, progress: job.progress, message: job.message, records });
    } catch (err) {
      this.log.error(`job ${id}: storing its progress failed`, err);
    }
  }
}
