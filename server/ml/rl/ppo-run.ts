// The body of a ppo job (worker entry: server/jobs/kinds/ppo-task.ts): PPO steps on the loaded policy, a new checkpoint.
import { type PolicyTaskInput, type PolicyTaskResult, runOnPolicyTask } from './policy-task';
import { PpoTrainer } from './ppo';
import { type PpoConfig, ppoConfig } from './ppo-config';

export type PpoTaskInput = PolicyTaskInput & { config: Partial<PpoConfig> };

export function runPpoTask(input: PpoTaskInput, onStep?: (m: Record<string, number>) => void): Promise<PolicyTaskResult> {
  const config = ppoConfig(input.config); // fail before loading anything
  return runOnPolicyTask(
    input,
    { name: 'ppo', config, trainer: (policy, tok, reward, totalSteps) => new PpoTrainer(policy, tok, config, { reward, totalSteps }) },
    onStep,
  );
}
