import type { z } from 'zod';
import type { JobKind } from '../../shared/schemas/jobs';
import type { AppContext } from '../context';

/** What a kind's main-thread hooks may use: the store (the only writer), the log, live updates. */
export type JobContext = Pick<AppContext, 'store' | 'log' | 'live'>;

/** The job being run, for prepare/finish. */
export interface JobRun {
  jobId: number;
  /** aborted when the job is cancelled or the server stops */
  signal: AbortSignal;
}

/**
 * One kind of job. The body runs in a worker thread (`task`, a file calling defineJobTask); the hooks run on
 * the main thread and are the only parts that touch the database:
 *
 *   submit:  config ─► schema.parse ─► check(ctx, config)            (400 / 4xx before any row is written)
 *   run:     prepare(ctx, config) ─► worker(task, input) ─► finish(ctx, output)  (in one transaction with the
 *            job's own "succeeded" row update; its return value is the job's result)
 *
 * Workers never open the database for writing: prepare reads what the worker needs (cheap queries only) and
 * finish writes what it produced (e.g. registers a model version).
 */
// biome-ignore lint/suspicious/noExplicitAny: a registry holds kinds of different config/input/output types
export interface JobKindDefinition<C = any, I = any, O = any, R = any> {
  kind: JobKind;
  /** the job's config, as POST /api/admin/jobs receives it; defaults fill in here */
  config: z.ZodType<C>;
  /** absolute path of the worker file (see server/jobs/job-task.ts) */
  task: string;
  /** cheap checks when the job is submitted, against the database; throw HttpError to refuse it */
  check?(ctx: JobContext, config: C): void;
  /** when the job starts: builds the worker's input [config] */
  prepare?(ctx: JobContext, config: C, run: JobRun): I | Promise<I>;
  /** after the worker returned, inside one transaction: stores its output, returns the job result [output] */
  finish?(ctx: JobContext, output: O, config: C, run: JobRun): R;
}

/** kind → definition: the kinds a scheduler runs (server/jobs/kinds.ts lists the built-in ones). */
export type JobKindRegistry = Partial<Record<JobKind, JobKindDefinition>>;

/** Declares a kind with its types inferred (the identity). */
export const defineJobKind = <C, I = C, O = unknown, R = O>(def: JobKindDefinition<C, I, O, R>): JobKindDefinition<C, I, O, R> => def;
