// Worker thread: one reward-model training run (run.ts); step metrics are posted as progress records.
import { defineWorkerTask } from '../../jobs/worker-task';
import { type RmTaskInput, type RmTaskResult, runRewardTraining } from './run';

export type { RmTaskInput, RmTaskResult };

defineWorkerTask<RmTaskInput, RmTaskResult>((input, { progress }) => runRewardTraining(input, (m) => progress(m)));
