// Worker thread of a trpo job (server/jobs/kinds/trpo.ts): the TRPO run of server/ml/rl/trpo-run.ts, one metrics
// record per step, progress as a fraction of the step or time budget.
import { runTrpoTask, type TrpoTaskInput } from '../../ml/rl/trpo-run';
import type { PolicyTaskResult } from '../../ml/rl/policy-task';
import { defineJobTask } from '../job-task';

defineJobTask<TrpoTaskInput, PolicyTaskResult>((input, job) => {
  const started = Date.now();
  return runTrpoTask(input, (m) => {
    job.metrics({ ...Object.fromEntries(Object.entries(m).filter(([, v]) => Number.isFinite(v))), step: m.step });
    const fraction = input.steps ? m.step / input.steps : (Date.now() - started) / ((input.minutes ?? 1) * 60_000);
    job.progress(Math.min(0.99, fraction), `step ${m.step}${input.steps ? `/${input.steps}` : ''}`);
  });
});
