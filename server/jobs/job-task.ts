/**
 * The worker side of a job: a kind's task file calls `defineJobTask(async (input, job) => output)` and reports
 * through `job`. Updates travel as worker progress messages; the scheduler parses them with
 * JobTaskUpdateSchema (a worker is a boundary too) and writes them to the database in batches.
 */
import { z } from 'zod';
import { type MetricRecord, MetricRecordSchema } from '../../shared/schemas/jobs';
import { defineWorkerTask } from './worker-task';

export const JobTaskUpdateSchema = z.object({
  /** 0..1 */
  progress: z.number().min(0).max(1).optional(),
  message: z.string().max(500).optional(),
  record: MetricRecordSchema.optional(),
});
export type JobTaskUpdate = z.infer<typeof JobTaskUpdateSchema>;

export interface JobTaskContext {
  /** how far the job is (0..1), and optionally what it is doing ("step 40/200") */
  progress(fraction: number, message?: string): void;
  /** one metric record per step, namespaced keys: `{step: 12, 'loss/train': 1.93}` (stored and streamed unchanged) */
  metrics(record: MetricRecord): void;
}

/** The body of a job kind's worker file. Throwing fails the job with the error's message. */
export function defineJobTask<I, O>(run: (input: I, job: JobTaskContext) => Promise<O> | O): void {
  defineWorkerTask<I, O>((input, { progress }) =>
    run(input, {
      progress: (fraction, message) => progress({ progress: Math.min(1, Math.max(0, fraction)), message } satisfies JobTaskUpdate),
      metrics: (record) => progress({ record } satisfies JobTaskUpdate),
    }),
  );
}
