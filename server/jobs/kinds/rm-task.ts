// Worker thread of an rm job: one reward-model training run (server/ml/reward/run.ts), metrics per step; then the
// active reward model scored on the same held-out pairs, so that the job can tell which is better.
import { heldoutAccuracy } from '../../ml/reward/compare';
import type { RmComparison } from '../../ml/reward/activation-rule';
import { type RmTaskInput, type RmTaskResult, runRewardTraining } from '../../ml/reward/run';
import { defineJobTask } from '../job-task';

/** Metric records carry finite numbers only (a skipped step's gradient norm can be NaN or Infinity). */
const finite = (m: Record<string, number>) => Object.fromEntries(Object.entries(m).filter(([, v]) => Number.isFinite(v)));

export interface RmJobTaskInput extends RmTaskInput {
  /** the active reward model's checkpoint, judged on this run's held-out pairs */
  compareWith: string | null;
}

export interface RmJobTaskResult extends RmTaskResult {
  /** held-out accuracy of the new model and of the active one on the same pairs (null: no active model) */
  comparison: RmComparison | null;
}

defineJobTask<RmJobTaskInput, RmJobTaskResult>(async ({ compareWith, ...input }, job) => {
  const result = await runRewardTraining(input, (m, total) => {
    job.metrics({ ...finite(m), step: m.step ?? 0 });
    job.progress(Math.min(0.99, (m.step ?? 0) / total), `step ${m.step}/${total}`);
  });
  if (!compareWith) return { ...result, comparison: null };
  job.progress(0.995, 'judging the active reward model on the same held-out pairs');
  return { ...result, comparison: { candidate: result.valAccuracy, active: await heldoutAccuracy(compareWith, input.eval) } };
});
