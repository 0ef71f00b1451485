// Worker thread of an rm job: one reward-model training run (server/ml/reward/run.ts), metrics per step.
import { type RmTaskInput, type RmTaskResult, runRewardTraining } from '../../ml/reward/run';
import { defineJobTask } from '../job-task';

/** Metric records carry finite numbers only (a skipped step's gradient norm can be NaN or Infinity). */
const finite = (m: Record<string, number>) => Object.fromEntries(Object.entries(m).filter(([, v]) => Number.isFinite(v)));

defineJobTask<RmTaskInput, RmTaskResult>((input, job) =>
  runRewardTraining(input, (m, total) => {
    job.metrics({ ...finite(m), step: m.step ?? 0 });
    job.progress(Math.min(0.99, (m.step ?? 0) / total), `step ${m.step}/${total}`);
  }),
);
