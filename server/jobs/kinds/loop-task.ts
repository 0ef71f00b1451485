// Worker thread of a loop job (server/jobs/kinds/loop.ts): one round of server/ml/loop/round.ts, its reward-model
// and policy metrics as records (prefixed rm/ and policy/), progress by phase.
import { type LoopRoundInput, type LoopRoundResult, runLoopRound } from '../../ml/loop/round';
import { defineJobTask } from '../job-task';

defineJobTask<LoopRoundInput, LoopRoundResult>((input, job) =>
  runLoopRound(input, {
    phase: (fraction, message) => job.progress(fraction, message),
    metrics: (record) => job.metrics(record as { step: number }),
  }),
);
