import type { Database } from 'better-sqlite3';
import type { Page } from '../../shared/schemas/common';
import type { Job, JobKind, JobStatus, JobsQuery, MetricRecord, MetricSeries } from '../../shared/schemas/jobs';

interface JobRow {
  id: number;
  kind: JobKind;
  status: JobStatus;
  config: string;
  progress: number;
  message: string | null;
  metrics: string;
  result: string | null;
  error: string | null;
  parent_job_id: number | null;
  created_by: number | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

const JOB_COLUMNS =
  'id, kind, status, config, progress, message, metrics, result, error, parent_job_id, created_by, created_at, started_at, finished_at';
const NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";

const toJob = (row: JobRow): Job => ({
  id: row.id,
  kind: row.kind,
  status: row.status,
  config: JSON.parse(row.config),
  progress: row.progress,
  message: row.message,
  metrics: JSON.parse(row.metrics),
  result: row.result === null ? null : JSON.parse(row.result),
  error: row.error,
  parentJobId: row.parent_job_id,
  createdBy: row.created_by,
  createdAt: row.created_at,
  startedAt: row.started_at,
  finishedAt: row.finished_at,
});

export interface NewJob {
  kind: JobKind;
  config: unknown;
  createdBy?: number | null;
  parentJobId?: number | null;
}

/** How a job ends. Only a queued or running job can end; ending one twice changes nothing. */
export type JobEnd =
  | { status: 'succeeded'; result: unknown }
  | { status: 'failed'; error: string }
  | { status: 'cancelled' | 'interrupted'; error?: string };

/** The jobs table and its metric curves (job_metrics rows: one per step and metric name). */
export function jobsRepo(db: Database) {
  const q = {
    insert: db.prepare(
      `INSERT INTO jobs (kind, config, created_by, parent_job_id) VALUES (@kind, @config, @createdBy, @parentJobId) RETURNING ${JOB_COLUMNS}`,
    ),
    byId: db.prepare<[number], JobRow>(`SELECT ${JOB_COLUMNS} FROM jobs WHERE id = ?`),
    page: db.prepare<{ status: string | null; kind: string | null; limit: number; offset: number }, JobRow>(
      `SELECT ${JOB_COLUMNS} FROM jobs WHERE (@status IS NULL OR status = @status) AND (@kind IS NULL OR kind = @kind)
       ORDER BY id DESC LIMIT @limit OFFSET @offset`,
    ),
    count: db
      .prepare<{ status: string | null; kind: string | null }, number>(
        'SELECT count(*) FROM jobs WHERE (@status IS NULL OR status = @status) AND (@kind IS NULL OR kind = @kind)',
      )
      .pluck(),
    // one statement: two schedulers (or a CLI) over the same file can never claim the same job
    claimNext: db.prepare<[], JobRow>(
      `UPDATE jobs SET status = 'running', started_at = ${NOW}, progress = 0
       WHERE id = (SELECT id FROM jobs WHERE status = 'queued' ORDER BY id LIMIT 1) RETURNING ${JOB_COLUMNS}`,
    ),
    progress: db.prepare<{ id: number; progress: number | null; message: string | null }>(
      "UPDATE jobs SET progress = COALESCE(@progress, progress), message = COALESCE(@message, message) WHERE id = @id AND status = 'running'",
    ),
    latestMetrics: db.prepare<[string, number]>('UPDATE jobs SET metrics = ? WHERE id = ?'),
    metric: db.prepare<[number, number, string, number]>(
      'INSERT INTO job_metrics (job_id, step, name, value) VALUES (?, ?, ?, ?) ON CONFLICT (job_id, name, step) DO UPDATE SET value = excluded.value',
    ),
    finish: db.prepare<{ id: number; status: JobStatus; result: string | null; error: string | null }>(
      `UPDATE jobs SET status = @status, result = @result, error = @error, finished_at = ${NOW},
         progress = CASE WHEN @status = 'succeeded' THEN 1 ELSE progress END
       WHERE id = @id AND status IN ('queued', 'running')`,
    ),
    interruptAll: db.prepare<[string]>(`UPDATE jobs SET status = 'interrupted', error = ?, finished_at = ${NOW} WHERE status = 'running'`),
    series: db.prepare<[number], { name: string; step: number; value: number }>(
      'SELECT name, step, value FROM job_metrics WHERE job_id = ? ORDER BY name, step',
    ),
    labelsSinceLastRm: db
      .prepare<[], number>(
        `SELECT (SELECT value FROM counters WHERE name = 'labels')
              - COALESCE((SELECT trained_on_label_count FROM reward_models ORDER BY id DESC LIMIT 1), 0)`,
      )
      .pluck(),
    activeOfKind: db
      .prepare<[string], number>("SELECT count(*) FROM jobs WHERE kind = ? AND status IN ('queued', 'running')")
      .pluck(),
  };

  const get = (id: number): Job | undefined => {
    const row = q.byId.get(id);
    return row && toJob(row);
  };

  return {
    create(job: NewJob): Job {
      const row = q.insert.get({
        kind: job.kind,
        config: JSON.stringify(job.config ?? {}),
        createdBy: job.createdBy ?? null,
        parentJobId: job.parentJobId ?? null,
      }) as JobRow;
      return toJob(row);
    },
    get,
    page({ limit, offset, status, kind }: JobsQuery): Page<Job> {
      const filter = { status: status ?? null, kind: kind ?? null };
      return { items: q.page.all({ ...filter, limit, offset }).map(toJob), total: q.count.get(filter) as number, limit, offset };
    },
    /** The oldest queued job, now running; undefined when none is queued. */
    claimNext(): Job | undefined {
      const row = q.claimNext.get();
      return row && toJob(row);
    },
    /** Progress (0..1) and message of a running job; what is not given stays as it was. */
    setProgress(id: number, progress?: number, message?: string | null): void {
      q.progress.run({ id, progress: progress ?? null, message: message ?? null });
    },
    /** Stores metric records (a flat {step, name: value} object each) as job_metrics rows; the last one is the job's `metrics`. */
    appendMetrics(id: number, records: readonly MetricRecord[]): void {
      if (records.length === 0) return;
      for (const { step, ...values } of records) {
        for (const [name, value] of Object.entries(values)) q.metric.run(id, step, name, value);
      }
      q.latestMetrics.run(JSON.stringify(records[records.length - 1]), id);
    },
    /** Ends a queued or running job; false when it had already ended (or does not exist). */
    finish(id: number, end: JobEnd): boolean {
      const result = end.status === 'succeeded' ? JSON.stringify(end.result ?? null) : null;
      const error = end.status === 'succeeded' ? null : (end.error ?? null);
      return q.finish.run({ id, status: end.status, result, error }).changes > 0;
    },
    /** At start-up: jobs a killed server left running are interrupted (they can be rerun). Returns how many. */
    markInterrupted(reason = 'the server stopped while this job ran'): number {
      return q.interruptAll.run(reason).changes;
    },
    /** Every metric's curve, in step order. */
    series(id: number): MetricSeries {
      const series: MetricSeries = {};
      for (const { name, step, value } of q.series.all(id)) {
        series[name] ??= [];
        series[name].push([step, value]);
      }
      return series;
    },
    /** Labels stored since the newest reward model was trained (all of them when there is none): three lookups. */
    labelsSinceLastRewardModel: (): number => q.labelsSinceLastRm.get() as number,
    /** Whether a job of this kind is queued or running. */
    hasActive: (kind: JobKind): boolean => (q.activeOfKind.get(kind) as number) > 0,
  };
}
