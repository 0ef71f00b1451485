/**
 * ppo: improves the active policy by PPO (DESIGN.md §4 "PPO"; server/ml/rl/ppo.ts) on the stored train prompts,
 * rewarded by the active reward model's normalised score (× rmWeight) plus, where a prompt has one, the task-world
 * verifier (× verifierWeight). The worker writes the checkpoint under <database folder>/policies/; finish
 * registers a new policy version (parent = the active one) WITHOUT activating it (an admin, or the loop, does).
 */
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { PolicyTaskResult } from '../../ml/rl/policy-task';
import type { PpoTaskInput } from '../../ml/rl/ppo-run';
import type { Store } from '../../store';
import { defineJobKind, type JobContext } from '../kind';
import { activeBuiltinPolicy, type PolicyJobResult, OnPolicyJobSchema, policyTaskInput, registerPolicyVersion, rewardModelFor, trainPrompts } from './policy-inputs';

export const PpoJobConfigSchema = OnPolicyJobSchema.extend({
  // server/ml/rl/ppo-config.ts; unset = its defaults
  epochs: z.number().int().min(1).max(64).optional(),
  minibatches: z.number().int().min(1).max(1024).optional(),
  clipRange: z.number().positive().max(10).optional(),
  clipRangeValue: z.number().positive().max(100).optional(),
  vfCoef: z.number().min(0).max(100).optional(),
  targetKl: z.number().positive().nullable().optional(),
  lr: z.number().positive().max(1).optional(),
  maxGradNorm: z.number().positive().optional(),
})
  .strict()
  .refine((c) => c.rmWeight > 0 || c.verifierWeight > 0, { message: 'rmWeight or verifierWeight must be > 0' });
export type PpoJobConfig = z.infer<typeof PpoJobConfigSchema>;

/** The worker's input; `rm` the reward model to score with (null: none, or the loop picks it in the worker). */
export const ppoTaskInput = (store: Store, config: PpoJobConfig, jobId: number, rm: { id: number; checkpointPath: string } | null): PpoTaskInput =>
  policyTaskInput(store, 'ppo', config, jobId, rm);

export const ppoKind = defineJobKind({
  kind: 'ppo',
  config: PpoJobConfigSchema,
  task: fileURLToPath(new URL('./ppo-task.ts', import.meta.url)),
  check({ store }: JobContext, config: PpoJobConfig) {
    activeBuiltinPolicy(store);
    rewardModelFor(store, config.rmWeight);
    trainPrompts(store, config.maxPrompts, { verifierOnly: config.rmWeight === 0 });
  },
  prepare({ store }: JobContext, config: PpoJobConfig, run): PpoTaskInput {
    return ppoTaskInput(store, config, run.jobId, rewardModelFor(store, config.rmWeight));
  },
  finish(ctx: JobContext, output: PolicyTaskResult, config: PpoJobConfig, run): PolicyJobResult {
    return registerPolicyVersion(ctx, 'ppo', output, config, run.jobId);
  },
});
