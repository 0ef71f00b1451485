// Worker thread of trainPgInWorker (pg-in-worker.ts): the run of pg-task.ts, one progress record per step.
import { defineWorkerTask } from '../../jobs/worker-task';
import { type PgTaskInput, type PgTaskResult, runPgTask } from './pg-task';

defineWorkerTask<PgTaskInput, PgTaskResult>((input, { progress }) => runPgTask(input, (m) => progress(m)));
