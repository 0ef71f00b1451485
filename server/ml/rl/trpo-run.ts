// The body of a trpo job (worker entry: server/jobs/kinds/trpo-task.ts): TRPO steps on the loaded policy, a new
// checkpoint whose `rl` section keeps the value head (so a later run could start from it).
import { type PolicyTaskInput, type PolicyTaskResult, runOnPolicyTask } from './policy-task';
import { TrpoTrainer } from './trpo';
import { type TrpoConfig, trpoConfig } from './trpo-config';

export type TrpoTaskInput = PolicyTaskInput & { config: Partial<TrpoConfig> };

export function runTrpoTask(input: TrpoTaskInput, onStep?: (m: Record<string, number>) => void): Promise<PolicyTaskResult> {
  const config = trpoConfig(input.config); // fail before loading anything
  return runOnPolicyTask(
    input,
    {
      name: 'trpo',
      config,
      trainer: (policy, tok, reward, totalSteps) => new TrpoTrainer(policy, tok, config, { reward, totalSteps }),
      checkpointInfo: (trainer) => ({ valueHead: trainer.model.valueHead.snapshot() }),
    },
    onStep,
  );
}
