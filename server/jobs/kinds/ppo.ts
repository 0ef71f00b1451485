/**
 * ppo: improves the active policy by PPO (DESIGN.md §4 "PPO"; server/ml/rl/ppo.ts) on the stored train prompts,
 * rewarded by the active reward model's normalised score (× rmWeight) plus, where a prompt has one, the task-world
 * verifier (× verifierWeight). The worker writes the checkpoint under <database folder>/policies/; finish
 * registers a new policy version (parent = the active one) WITHOUT activating it (an admin, or the loop, does).
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { PolicyTaskResult, PpoTaskInput } from '../../ml/rl/ppo-run';
import type { Store } from '../../store';
import { defineJobKind, type JobContext } from '../kind';
import { activePolicyCheckpoint, outputDir } from './common';
import { PolicyJobBaseSchema, rewardModelFor, trainPrompts } from './policy-inputs';

export const PpoJobConfigSchema = PolicyJobBaseSchema.extend({
  // server/ml/rl/ppo-config.ts; unset = its defaults
  promptsPerStep: z.number().int().min(1).max(4096).optional(),
  temperature: z.number().positive().max(10).optional(),
  maxNewTokens: z.number().int().min(1).max(4096).optional(),
  klCoef: z.number().min(0).max(10).optional(),
  adaptiveKl: z.boolean().optional(),
  klTarget: z.number().positive().optional(),
  missingEosPenalty: z.number().min(-10).max(0).optional(),
  gamma: z.number().min(0).max(1).optional(),
  lambda: z.number().min(0).max(1).optional(),
  epochs: z.number().int().min(1).max(64).optional(),
  minibatches: z.number().int().min(1).max(1024).optional(),
  clipRange: z.number().positive().max(10).optional(),
  clipRangeValue: z.number().positive().max(100).optional(),
  vfCoef: z.number().min(0).max(100).optional(),
  targetKl: z.number().positive().nullable().optional(),
  lr: z.number().positive().max(1).optional(),
  maxGradNorm: z.number().positive().optional(),
  seed: z.number().int().min(0).optional(),
})
  .strict()
  .refine((c) => c.rmWeight > 0 || c.verifierWeight > 0, { message: 'rmWeight or verifierWeight must be > 0' });
export type PpoJobConfig = z.infer<typeof PpoJobConfigSchema>;

export interface PolicyJobResult {
  policy: { id: number; version: number };
  activated: false;
  steps: number;
  samples: number;
  metrics: Record<string, number>;
}

const DEFAULT_STEPS = 20;
const activePolicy = (store: Store) => activePolicyCheckpoint(store, 'No active built-in policy to improve', { builtinOnly: true });

/** The worker's input: the active policy, the prompts, PPO's config; `rm` the reward model to score with. */
export function ppoTaskInput(store: Store, config: PpoJobConfig, jobId: number, rm: { id: number; checkpointPath: string } | null): PpoTaskInput {
  const policy = activePolicy(store);
  const { steps, minutes, maxPrompts, rmWeight, verifierWeight, ...training } = config;
  return {
    checkpointDir: policy.checkpointPath,
    rewardModelDir: rm?.checkpointPath ?? null,
    reward: { rmWeight, verifierWeight },
    outDir: join(outputDir(store, 'policies'), `ppo-job${jobId}-${randomBytes(3).toString('hex')}`),
    prompts: trainPrompts(store, maxPrompts, { verifierOnly: rmWeight === 0 }),
    config: Object.fromEntries(Object.entries(training).filter(([, v]) => v !== undefined)),
    steps: steps ?? (minutes === undefined ? DEFAULT_STEPS : undefined),
    minutes,
    meta: { parentPolicyId: policy.id, parentVersion: policy.version, rewardModelId: rm?.id ?? null, jobId },
  };
}

export const ppoKind = defineJobKind({
  kind: 'ppo',
  config: PpoJobConfigSchema,
  task: fileURLToPath(new URL('./ppo-task.ts', import.meta.url)),
  check({ store }: JobContext, config: PpoJobConfig) {
    activePolicy(store);
    rewardModelFor(store, config.rmWeight);
    trainPrompts(store, config.maxPrompts, { verifierOnly: config.rmWeight === 0 });
  },
  prepare({ store }: JobContext, config: PpoJobConfig, run): PpoTaskInput {
    return ppoTaskInput(store, config, run.jobId, rewardModelFor(store, config.rmWeight));
  },
  finish({ store, log }: JobContext, output: PolicyTaskResult, config: PpoJobConfig, run): PolicyJobResult {
    const { id, version } = store.policies.register({
      kind: 'builtin',
      checkpointPath: output.outDir,
      parentId: output.meta.parentPolicyId as number,
      config: { algorithm: 'ppo', jobId: run.jobId, rewardModelId: output.meta.rewardModelId, ...config },
      metrics: { ...output.final, steps: output.steps, samples: output.samples },
    });
    log.info(`ppo: policy v${version} registered (${output.steps} steps, not activated)`);
    return { policy: { id, version }, activated: false, steps: output.steps, samples: output.samples, metrics: output.final };
  },
});
