// Worker thread of a loop job (server/jobs/kinds/loop.ts): one round of server/ml/loop/round.ts, its reward-model
// and policy metrics as records (prefixed rm/ and policy/), progress by phase. The stored labels (the reward
// model's pairs, the gate's held-out pairs) are read here, not on the server's event loop.
import { type LoopRoundInput, type LoopRoundResult, runLoopRound } from '../../ml/loop/round';
import type { RmTaskInput } from '../../ml/reward/run';
import { defineJobTask } from '../job-task';
import { readStoredDataset, resolveStoredDpoPairs, resolveStoredLabels, type StoredLabels } from '../stored-labels';

export interface LoopTaskInput extends LoopRoundInput {
  rm: (RmTaskInput & { stored?: StoredLabels }) | null;
  /** set: the gate's held-out pairs are read from the stored labels (instead of `gateEval`) */
  gateLabels?: StoredLabels;
}

defineJobTask<LoopTaskInput, LoopRoundResult>(({ gateLabels, ...input }, job) => {
  const dpoStored = input.policy?.algorithm === 'dpo' && 'stored' in input.policy.input;
  if (input.rm?.stored || gateLabels || dpoStored) job.progress(0, 'reading the stored labels');
  const round: LoopRoundInput = {
    ...input,
    rm: input.rm && resolveStoredLabels(input.rm),
    policy: input.policy?.algorithm === 'dpo' ? { algorithm: 'dpo', input: resolveStoredDpoPairs(input.policy.input) } : input.policy,
    gateEval: gateLabels ? readStoredDataset(gateLabels).heldout : input.gateEval,
  };
  return runLoopRound(round, {
    phase: (fraction, message) => job.progress(fraction, message),
    metrics: (record) => job.metrics(record as { step: number }),
  });
});
