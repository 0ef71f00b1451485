// Worker thread of a best_of_n job (server/jobs/kinds/best-of-n.ts): rejection-sampling fine-tuning (server/ml/rl/best-of-n-run.ts).
import { type BestOfNTaskInput, type BestOfNTaskResult, runBestOfNTask } from '../../ml/rl/best-of-n-run';
import { defineJobTask } from '../job-task';

const SAMPLE_SHARE = 0.5; // of the progress bar
/** Metric records carry finite numbers only (a skipped step's gradient norm can be NaN or Infinity). */
const finite = (m: Record<string, number>) => Object.fromEntries(Object.entries(m).filter(([, v]) => Number.isFinite(v)));

defineJobTask<BestOfNTaskInput, BestOfNTaskResult>(async (input, job) => {
  const result = await runBestOfNTask(input, (p) => {
    if (p.phase === 'sample') return job.progress(SAMPLE_SHARE * (p.done / p.total), `sampling ${p.done}/${p.total}`);
    job.metrics({ ...finite(p.metrics), step: p.metrics.step });
    job.progress(Math.min(0.99, SAMPLE_SHARE + (1 - SAMPLE_SHARE) * (p.metrics.step / p.total)), `SFT step ${p.metrics.step}/${p.total}`);
  });
  job.metrics({ ...finite(result.metrics), step: result.sftSteps }); // the last record is the job's metrics
  return result;
});
