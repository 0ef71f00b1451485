// Entry points for the server and jobs: reward-model training and scoring in worker threads.
import { fileURLToPath } from 'node:url';
import { runInWorker } from '../../jobs/run-in-worker';
import type { RmTaskInput, RmTaskResult } from './run';
import type { ScoreTaskInput } from './score-task';
import type { Scores } from './score';
import type { StepMetrics } from './train';

const TRAIN_TASK = fileURLToPath(new URL('./rm-task.ts', import.meta.url));
const SCORE_TASK = fileURLToPath(new URL('./score-task.ts', import.meta.url));

export function trainRewardModelInWorker(
  input: RmTaskInput,
  opts: { onStep?: (m: StepMetrics) => void; signal?: AbortSignal } = {},
): Promise<RmTaskResult> {
  return runInWorker<RmTaskInput, RmTaskResult, StepMetrics>(TRAIN_TASK, input, { onProgress: opts.onStep, signal: opts.signal });
}

export function scoreInWorker(input: ScoreTaskInput, signal?: AbortSignal): Promise<Scores> {
  return runInWorker<ScoreTaskInput, Scores>(SCORE_TASK, input, { signal });
}
