// The body of a ppo job (worker entry: server/jobs/kinds/ppo-task.ts): loads the policy (and the reward model when
// its score is part of the reward), runs PPO steps, writes the new checkpoint. Never opens the database.
import { initBackend } from '../backend';
import { loadCheckpoint, saveCheckpoint } from '../model/checkpoint';
import { loadRewardModel } from '../reward/checkpoint';
import type { RewardModel } from '../reward/model';
import { PpoTrainer } from './ppo';
import { type PpoConfig, ppoConfig } from './ppo-config';
import { type PolicyRunResult, runPolicySteps } from './policy-run';
import { mixedReward, type RewardMix, type RlPrompt } from './reward-fn';

export interface PolicyTaskInput {
  checkpointDir: string; // the policy to improve (also the frozen reference)
  rewardModelDir: string | null; // needed when reward.rmWeight ≠ 0
  reward: RewardMix;
  outDir: string;
  prompts: RlPrompt[];
  steps?: number;
  minutes?: number;
  meta: Record<string, unknown>; // stored in the new checkpoint's config.json and handed back
}

export type PpoTaskInput = PolicyTaskInput & { config: Partial<PpoConfig> };
export type PolicyTaskResult = PolicyRunResult & { outDir: string; meta: Record<string, unknown> };

export async function runPpoTask(input: PpoTaskInput, onStep?: (m: Record<string, number>) => void): Promise<PolicyTaskResult> {
  await initBackend();
  const config = ppoConfig(input.config); // fail before loading anything
  const { model, tokenizer, meta } = await loadCheckpoint(input.checkpointDir);
  let rm: RewardModel | null = null;
  let trainer: PpoTrainer | null = null;
  try {
    if (input.reward.rmWeight !== 0) {
      if (!input.rewardModelDir) throw new Error('rmWeight ≠ 0 needs a reward model checkpoint');
      rm = (await loadRewardModel(input.rewardModelDir)).rm;
    }
    const steps = input.steps ?? (input.minutes === undefined ? 100 : undefined);
    trainer = new PpoTrainer(model, tokenizer, config, { reward: mixedReward(rm, input.reward), totalSteps: steps ?? 1000 });
    const result = await runPolicySteps(trainer, {
      prompts: input.prompts,
      promptsPerStep: config.promptsPerStep,
      steps,
      deadline: input.minutes === undefined ? undefined : Date.now() + input.minutes * 60_000,
      seed: config.seed,
      onStep,
    });
    await saveCheckpoint(input.outDir, model, {
      ...meta,
      ...input.meta,
      tokenizer: tokenizer.name,
      parent: input.checkpointDir,
      rl: { algorithm: 'ppo', config, reward: input.reward, steps: result.steps, final: result.final },
    });
    return { ...result, outDir: input.outDir, meta: input.meta };
  } finally {
    trainer?.dispose();
    rm?.dispose();
    model.dispose();
  }
}
