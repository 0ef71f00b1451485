// Entry point for jobs and scripts: a policy-gradient run in a worker thread, metrics streamed per step.
import { fileURLToPath } from 'node:url';
import { runInWorker } from '../../jobs/run-in-worker';
import type { PgTaskInput, PgTaskProgress, PgTaskResult } from './pg-task';

const TASK_FILE = fileURLToPath(new URL('./pg-worker.ts', import.meta.url));

export function trainPgInWorker(
  input: PgTaskInput,
  opts: { onStep?: (m: PgTaskProgress) => void; signal?: AbortSignal } = {},
): Promise<PgTaskResult> {
  return runInWorker<PgTaskInput, PgTaskResult, PgTaskProgress>(TASK_FILE, input, { onProgress: opts.onStep, signal: opts.signal });
}
