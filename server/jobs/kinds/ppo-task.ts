// Worker thread of a ppo job (server/jobs/kinds/ppo.ts): the PPO run of server/ml/rl/ppo-run.ts, one metrics
// record per step, progress as a fraction of the step or time budget.
import type { PolicyTaskResult } from '../../ml/rl/policy-task';
import { type PpoTaskInput, runPpoTask } from '../../ml/rl/ppo-run';
import { defineJobTask } from '../job-task';

defineJobTask<PpoTaskInput, PolicyTaskResult>((input, job) => {
  const started = Date.now();
  return runPpoTask(input, (m) => {
    job.metrics({ ...Object.fromEntries(Object.entries(m).filter(([, v]) => Number.isFinite(v))), step: m.step });
    const fraction = input.steps ? m.step / input.steps : (Date.now() - started) / ((input.minutes ?? 1) * 60_000);
    job.progress(Math.min(0.99, fraction), `step ${m.step}${input.steps ? `/${input.steps}` : ''}`);
  });
});
