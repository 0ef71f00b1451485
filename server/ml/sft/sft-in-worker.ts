// Entry point for jobs: SFT in a worker thread, metrics streamed per step.
import { fileURLToPath } from 'node:url';
import { runInWorker } from '../../jobs/run-in-worker';
import type { SftTaskInput, SftTaskResult } from './sft-task';
import type { StepMetrics } from './trainer';

const TASK_FILE = fileURLToPath(new URL('./sft-task.ts', import.meta.url));

export function trainSftInWorker(
  input: SftTaskInput,
  opts: { onStep?: (m: StepMetrics) => void; signal?: AbortSignal } = {},
): Promise<SftTaskResult> {
  return runInWorker<SftTaskInput, SftTaskResult, StepMetrics>(TASK_FILE, input, { onProgress: opts.onStep, signal: opts.signal });
}
