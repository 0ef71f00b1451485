import { z } from 'zod';
import { PageQuerySchema } from './common';

/** Every kind a job row may have (the CHECK in db/migrations/0003_jobs.sql); the server runs those it has registered. */
export const JOB_KINDS = [
  'sft',
  'rm',
  'ppo',
  'trpo',
  'pg',
  'rloo',
  'dpo',
  'best_of_n',
  'generate',
  'loop',
  'external',
  'self_instruct',
  'import',
] as const;
export const JobKindSchema = z.enum(JOB_KINDS);
export type JobKind = z.infer<typeof JobKindSchema>;

export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled', 'interrupted'] as const;
export const JobStatusSchema = z.enum(JOB_STATUSES);
export type JobStatus = z.infer<typeof JobStatusSchema>;
/** A job in one of these states is over: it can be rerun, not cancelled. */
export const FINISHED_STATUSES: readonly JobStatus[] = ['succeeded', 'failed', 'cancelled', 'interrupted'];

/**
 * One metric record: a flat object per step with namespaced keys, stored and streamed unchanged
 * (`{step: 12, 'loss/train': 1.93, 'objective/kl': 0.02}`).
 */
export const MetricRecordSchema = z
  .object({ step: z.number().int().min(0) })
  .catchall(z.number().refine(Number.isFinite, 'must be a finite number'));
export type MetricRecord = z.infer<typeof MetricRecordSchema>;

export const JobSchema = z.object({
  id: z.number().int(),
  kind: JobKindSchema,
  status: JobStatusSchema,
  config: z.unknown(),
  /** 0..1 */
  progress: z.number(),
  /** what the job is doing now */
  message: z.string().nullable(),
  /** the latest metric record ({} before the first) */
  metrics: z.record(z.string(), z.number()),
  /** what a succeeded job produced (its kind says what) */
  result: z.unknown().nullable(),
  error: z.string().nullable(),
  parentJobId: z.number().int().nullable(),
  createdBy: z.number().int().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export type Job = z.infer<typeof JobSchema>;

/** A metric's curve: [step, value] pairs in step order. */
export const MetricSeriesSchema = z.record(z.string(), z.array(z.tuple([z.number(), z.number()])));
export type MetricSeries = z.infer<typeof MetricSeriesSchema>;

/** GET /api/admin/jobs/:id */
export const JobDetailSchema = JobSchema.extend({ series: MetricSeriesSchema });
export type JobDetail = z.infer<typeof JobDetailSchema>;

/** GET /api/admin/jobs: newest first, optionally one status and/or one kind. */
export const JobsQuerySchema = PageQuerySchema.extend({
  status: JobStatusSchema.optional(),
  kind: JobKindSchema.optional(),
});
export type JobsQuery = z.infer<typeof JobsQuerySchema>;

export const JobsPageSchema = z.object({
  items: z.array(JobSchema),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
});

/** POST /api/admin/jobs: the config is checked against the kind's own schema (400 when it does not fit). */
export const CreateJobRequestSchema = z.object({
  kind: JobKindSchema,
  config: z.record(z.string(), z.unknown()).default({}),
});
export type CreateJobRequest = z.infer<typeof CreateJobRequestSchema>;

/** socket.io `job:progress` (to admins, at most a few per second per job). */
export const JobProgressSchema = z.object({
  jobId: z.number().int(),
  kind: JobKindSchema,
  status: JobStatusSchema,
  progress: z.number(),
  message: z.string().nullable(),
  /** the metric records since the last event, in step order */
  records: z.array(MetricRecordSchema),
});
export type JobProgress = z.infer<typeof JobProgressSchema>;

/** socket.io `job:updated` (to admins): the job after a status change. */
export const JobUpdatedSchema = JobSchema;
