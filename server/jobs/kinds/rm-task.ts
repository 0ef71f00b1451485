// Worker thread of an rm job: one reward-model training run (server/ml/reward/run.ts), metrics per step; then the
// active reward model scored on the same held-out pairs, so that the job can tell which is better.
import { heldoutAccuracy } from '../../ml/reward/compare';
import type { RmComparison } from '../../ml/reward/activation-rule';
import { type RmTaskInput, type RmTaskResult, runRewardTraining } from '../../ml/reward/run';
import { defineJobTask } from '../job-task';
import { resolveStoredLabels, type StoredLabels } from '../stored-labels';

/** Metric records carry finite numbers only (a skipped step's gradient norm can be NaN or Infinity). */
const finite = (m: Record<string, number>) => Object.fromEntries(Object.entries(m).filter(([, v]) => Number.isFinite(v)));

export interface RmJobTaskInput extends RmTaskInput {
  /** the active reward model's checkpoint, judged on this run's held-out pairs */
  compareWith: string | null;
  /** set: `train` and `eval` are empty and this worker reads them from the stored labels */
  stored?: StoredLabels;
}

export interface RmJobTaskResult extends RmTaskResult {
  /** held-out accuracy of the new model and of the active one on the same pairs (null: no active model) */
  comparison: RmComparison | null;
}

defineJobTask<RmJobTaskInput, RmJobTaskResult>(async ({ compareWith, ...given }, job) => {
  if (given.stored) job.progress(0, 'reading the stored labels');
  const input = resolveStoredLabels(given);
  const result = await runRewardTraining(input, (m, total) => {
    job.metrics({ ...finite(m), step: m.step ?? 0 });
    job.progress(Math.min(0.99, (m.step ?? 0) / total), `step ${m.step}/${total}`);
  });
  if (!compareWith) return { ...result, comparison: null };
  job.progress(0.995, 'judging the active reward model on the same held-out pairs');
  return { ...result, comparison: { candidate: result.valAccuracy, active: await heldoutAccuracy(compareWith, input.eval) } };
});
