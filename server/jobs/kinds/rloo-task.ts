// Worker thread of an rloo job (server/jobs/kinds/rloo.ts): the run of server/ml/rl/pg-task.ts, reporting through the
// job system (one metrics record per step, progress as a fraction of the step or time budget).
import { type PgTaskInput, type PgTaskResult, runPgTask } from '../../ml/rl/pg-task';
import { defineJobTask } from '../job-task';

defineJobTask<PgTaskInput, PgTaskResult>((input, job) => {
  const started = Date.now();
  return runPgTask(input, (m) => {
    job.metrics({ ...Object.fromEntries(Object.entries(m).filter(([, v]) => Number.isFinite(v))), step: m.step });
    const fraction = input.steps ? m.step / input.steps : (Date.now() - started) / ((input.minutes ?? 1) * 60_000);
    job.progress(Math.min(0.99, fraction), `step ${m.step}${input.steps ? `/${input.steps}` : ''}`);
  });
});
