import type { JobDetail, JobProgress, MetricSeries } from '../../../shared/schemas/jobs';

/**
 * Appends streamed metric records ({step, 'loss/train': 1.9, …}) to per-metric curves ([step, value][]).
 * A record whose step a curve already has is skipped: the detail fetch and a `job:progress` event may
 * carry the same records.
 */
export function appendRecords(series: MetricSeries, records: JobProgress['records']): MetricSeries {
  if (records.length === 0) return series;
  const next: MetricSeries = { ...series };
  const copied = new Set<string>(); // curves of `series` are never mutated: each touched one is copied once
  for (const { step, ...values } of records) {
    for (const [name, value] of Object.entries(values)) {
      if (!copied.has(name)) {
        next[name] = [...(series[name] ?? [])];
        copied.add(name);
      }
      const curve = next[name];
      const last = curve.at(-1);
      if (!last || last[0] < step) curve.push([step, value]);
    }
  }
  return next;
}

/** A job's detail after one `job:progress` event. */
export function withProgress(job: JobDetail, event: JobProgress): JobDetail {
  const latest = event.records.at(-1);
  const { step: _step, ...metrics } = latest ?? { step: 0 };
  return {
    ...job,
    status: event.status,
    progress: event.progress,
    message: event.message,
    metrics: latest ? { ...job.metrics, ...metrics } : job.metrics,
    series: appendRecords(job.series, event.records),
  };
}
