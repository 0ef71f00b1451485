/**
 * trpo: improves the active policy by TRPO (DESIGN.md §4 "TRPO"; server/ml/rl/trpo.ts) on the stored train prompts,
 * rewarded by the active reward model's normalised score (× rmWeight) plus, where a prompt has one, the task-world
 * verifier (× verifierWeight). The worker writes the checkpoint under <database folder>/policies/; finish
 * registers a new policy version (parent = the active one) WITHOUT activating it (an admin, or the loop, does).
 */
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { PolicyTaskResult } from '../../ml/rl/policy-task';
import type { TrpoTaskInput } from '../../ml/rl/trpo-run';
import type { Store } from '../../store';
import { defineJobKind, type JobContext } from '../kind';
import { activeBuiltinPolicy, type PolicyJobResult, OnPolicyJobSchema, policyTaskInput, registerPolicyVersion, rewardModelFor, trainPrompts } from './policy-inputs';

export const TrpoJobConfigSchema = OnPolicyJobSchema.extend({
  // server/ml/rl/trpo-config.ts; unset = its defaults
  maxKl: z.number().positive().max(10).optional(),
  cgIters: z.number().int().min(1).max(100).optional(),
  cgDamping: z.number().min(0).max(10).optional(),
  lineSearchSteps: z.number().int().min(1).max(50).optional(),
  backtrack: z.number().gt(0).lt(1).optional(),
  klTolerance: z.number().min(1).max(10).optional(),
  valueLr: z.number().positive().max(1).optional(),
  valueIters: z.number().int().min(1).max(1000).optional(),
  trainBatchSize: z.number().int().min(1).max(1024).optional(),
})
  .strict()
  .refine((c) => c.rmWeight > 0 || c.verifierWeight > 0, { message: 'rmWeight or verifierWeight must be > 0' });
export type TrpoJobConfig = z.infer<typeof TrpoJobConfigSchema>;

/** The worker's input; `rm` the reward model to score with (null: none, or the loop picks it in the worker). */
export const trpoTaskInput = (store: Store, config: TrpoJobConfig, jobId: number, rm: { id: number; checkpointPath: string } | null): TrpoTaskInput =>
  policyTaskInput(store, 'trpo', config, jobId, rm);

export const trpoKind = defineJobKind({
  kind: 'trpo',
  config: TrpoJobConfigSchema,
  task: fileURLToPath(new URL('./trpo-task.ts', import.meta.url)),
  check({ store }: JobContext, config: TrpoJobConfig) {
    activeBuiltinPolicy(store);
    rewardModelFor(store, config.rmWeight);
    trainPrompts(store, config.maxPrompts, { verifierOnly: config.rmWeight === 0 });
  },
  prepare({ store }: JobContext, config: TrpoJobConfig, run): TrpoTaskInput {
    return trpoTaskInput(store, config, run.jobId, rewardModelFor(store, config.rmWeight));
  },
  finish(ctx: JobContext, output: PolicyTaskResult, config: TrpoJobConfig, run): PolicyJobResult {
    return registerPolicyVersion(ctx, 'trpo', output, config, run.jobId);
  },
});
