// Worker thread of a dpo job (server/jobs/kinds/dpo.ts): the DPO run of server/ml/rl/dpo-run.ts, one metrics record per step.
import type { DpoMetrics } from '../../ml/rl/dpo';
import { type DpoTaskResult, runDpoTask } from '../../ml/rl/dpo-run';
import { defineJobTask } from '../job-task';
import { resolveStoredDpoPairs } from '../stored-labels';
import type { DpoJobTaskInput } from './dpo';

/** Metric records carry finite numbers only. */
const finite = (m: DpoMetrics) => Object.fromEntries(Object.entries(m).filter(([, v]) => Number.isFinite(v)));

defineJobTask<DpoJobTaskInput, DpoTaskResult>((input, job) =>
  runDpoTask(resolveStoredDpoPairs(input), (m, total) => {
    job.metrics({ ...finite(m), step: m.step });
    job.progress(Math.min(0.99, m.step / total), `step ${m.step}/${total}`);
  }),
);
