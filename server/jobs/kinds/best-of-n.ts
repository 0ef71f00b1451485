/**
 * best_of_n: improves the active policy by rejection-sampling fine-tuning (DESIGN.md §4 "best-of-n sampling with
 * the reward model"; server/ml/rl/best-of-n-task.ts): n samples per prompt, the best by the reward kept, SFT on them.
 *
 * prepare (main thread): the active built-in policy, the active reward model's checkpoint (when rmWeight > 0) and
 * the stored train-split prompts (task-world ones keep their verifier spec; with rmWeight 0 only those count).
 * The worker writes the checkpoint under <database folder>/policies/. finish registers it as a new policy version
 * (parent = the active one) WITHOUT activating it.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { BestOfNTaskInput, BestOfNTaskResult } from '../../ml/rl/best-of-n-run';
import type { Store } from '../../store';
import { defineJobKind, type JobContext } from '../kind';
import { activePolicyCheckpoint, outputDir } from './common';
import { rewardModelFor, trainPrompts } from './policy-inputs';

export const BestOfNJobConfigSchema = z
  .object({
    maxPrompts: z.number().int().min(1).max(100_000).default(256), // stored train prompts read, oldest first
    n: z.number().int().min(2).max(64).default(4), // samples per prompt
    // reward = rmWeight · normalised RM score + verifierWeight · verifier score (task prompts)
    rmWeight: z.number().min(0).max(100).default(1),
    verifierWeight: z.number().min(0).max(100).default(0),
    minGain: z.number().min(0).optional(), // keep a prompt's best only when it beats the group mean by this [all kept]
    // server/ml/rl/best-of-n-task.ts; unset = its defaults
    temperature: z.number().positive().max(10).optional(),
    maxNewTokens: z.number().int().min(1).max(4096).optional(),
    lr: z.number().positive().max(1).optional(),
    epochs: z.number().int().min(1).max(100).optional(),
    seed: z.number().int().min(0).optional(),
  })
  .strict()
  .refine((c) => c.rmWeight + c.verifierWeight > 0, { message: 'rmWeight and verifierWeight cannot both be 0', path: ['rmWeight'] });
export type BestOfNJobConfig = z.infer<typeof BestOfNJobConfigSchema>;

export interface BestOfNJobResult {
  policy: { id: number; version: number };
  activated: false;
  prompts: number;
  kept: number;
  metrics: Record<string, number>;
}

const activePolicy = (store: Store) => activePolicyCheckpoint(store, 'No active built-in policy to improve', { builtinOnly: true });

/** The worker's input; `rm` the reward model to score with (null: the verifier alone). */
export function bestOfNTaskInput(store: Store, config: BestOfNJobConfig, jobId: number, rm: { id: number; checkpointPath: string } | null): BestOfNTaskInput {
  const policy = activePolicy(store);
  const { maxPrompts, ...training } = config;
  return {
    checkpointDir: policy.checkpointPath,
    rewardModelDir: rm?.checkpointPath,
    outDir: join(outputDir(store, 'policies'), `best-of-n-job${jobId}-${randomBytes(3).toString('hex')}`),
    prompts: trainPrompts(store, maxPrompts, { verifierOnly: config.rmWeight === 0 }),
    config: Object.fromEntries(Object.entries(training).filter(([, v]) => v !== undefined)),
    meta: { parentPolicyId: policy.id, parentVersion: policy.version, rewardModelId: rm?.id ?? null, jobId },
  };
}

export const bestOfNKind = defineJobKind({
  kind: 'best_of_n',
  config: BestOfNJobConfigSchema,
  task: fileURLToPath(new URL('./best-of-n-task.ts', import.meta.url)),
  check({ store }: JobContext, config: BestOfNJobConfig) {
    activePolicy(store);
    rewardModelFor(store, config.rmWeight);
    trainPrompts(store, config.maxPrompts, { verifierOnly: config.rmWeight === 0 });
  },
  prepare({ store }: JobContext, config: BestOfNJobConfig, run): BestOfNTaskInput {
    return bestOfNTaskInput(store, config, run.jobId, rewardModelFor(store, config.rmWeight));
  },
  finish({ store, log }: JobContext, output: BestOfNTaskResult, config: BestOfNJobConfig, run): BestOfNJobResult {
    const { id, version } = store.policies.register({
      kind: 'builtin',
      checkpointPath: output.outDir,
      parentId: output.meta.parentPolicyId as number,
      config: { algorithm: 'best_of_n', jobId: run.jobId, rewardModelId: output.meta.rewardModelId, ...config },
      metrics: { ...output.metrics, sftSteps: output.sftSteps },
    });
    const prompts = output.metrics['rft/prompts'];
    log.info(`best_of_n: policy v${version} registered (best of ${config.n} kept for ${output.kept}/${prompts} prompts, not activated)`);
    return { policy: { id, version }, activated: false, prompts, kept: output.kept, metrics: output.metrics };
  },
});
