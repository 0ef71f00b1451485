// The body every on-policy trainer's job runs (ppo-run.ts, trpo-run.ts): load the policy (and the reward model when
// its score is part of the reward), run the trainer's steps (policy-run.ts), write the new checkpoint with an `rl`
// section. Plain data in and out; never opens the database.
import { initBackend } from '../backend';
import { loadCheckpoint, saveCheckpoint } from '../model/checkpoint';
import type { GPT } from '../model/gpt';
import type { Tokenizer } from '../model/tokenizer';
import { loadRewardModel } from '../reward/checkpoint';
import type { RewardModel } from '../reward/model';
import { type PolicyRunResult, runPolicySteps, type StepTrainer } from './policy-run';
import { mixedReward, type RewardFn, type RewardMix, type RlPrompt } from './reward-fn';
import type { RolloutConfig } from './rollout-config';

export interface PolicyTaskInput {
  checkpointDir: string; // the policy to improve (also the frozen reference)
  rewardModelDir: string | null; // needed when reward.rmWeight ≠ 0
  reward: RewardMix;
  outDir: string;
  prompts: RlPrompt[];
  steps?: number; // [100 without `minutes`]
  minutes?: number;
  meta: Record<string, unknown>; // stored in the new checkpoint's config.json and handed back
}

export type PolicyTaskResult = PolicyRunResult & { outDir: string; meta: Record<string, unknown> };

/** How one algorithm plugs in: its trainer over the loaded policy, and what its checkpoint section records. */
export interface OnPolicyAlgorithm<T extends StepTrainer & { dispose(): void }> {
  name: string;
  config: RolloutConfig;
  trainer(policy: GPT, tok: Tokenizer, reward: RewardFn, totalSteps: number): T;
  checkpointInfo?(trainer: T): Record<string, unknown>;
}

export async function runOnPolicyTask<T extends StepTrainer & { dispose(): void }>(
  input: PolicyTaskInput,
  algorithm: OnPolicyAlgorithm<T>,
  onStep?: (m: Record<string, number>) => void,
): Promise<PolicyTaskResult> {
  await initBackend();
  const { model, tokenizer, meta } = await loadCheckpoint(input.checkpointDir);
  let rm: RewardModel | null = null;
  let trainer: T | null = null;
  try {
    if (input.reward.rmWeight !== 0) {
      if (!input.rewardModelDir) throw new Error('rmWeight ≠ 0 needs a reward model checkpoint');
      rm = (await loadRewardModel(input.rewardModelDir)).rm;
    }
    const steps = input.steps ?? (input.minutes === undefined ? 100 : undefined);
    trainer = algorithm.trainer(model, tokenizer, mixedReward(rm, input.reward), steps ?? 1000);
    const result = await runPolicySteps(trainer, {
      prompts: input.prompts,
      promptsPerStep: algorithm.config.promptsPerStep,
      steps,
      deadline: input.minutes === undefined ? undefined : Date.now() + input.minutes * 60_000,
      seed: algorithm.config.seed,
      onStep,
      overlap: algorithm.config.overlap ? { policy: model, tokenizer, config: algorithm.config } : undefined,
    });
    await saveCheckpoint(input.outDir, model, {
      ...meta,
      ...input.meta,
      tokenizer: tokenizer.name,
      parent: input.checkpointDir,
      rl: {
        algorithm: algorithm.name,
        config: algorithm.config,
        reward: input.reward,
        steps: result.steps,
        final: result.final,
        ...algorithm.checkpointInfo?.(trainer),
      },
    });
    return { ...result, outDir: input.outDir, meta: input.meta };
  } finally {
    trainer?.dispose();
    rm?.dispose();
    model.dispose();
  }
}
