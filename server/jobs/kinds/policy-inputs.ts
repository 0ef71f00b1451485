// What every policy-training job kind (ppo, trpo, …) reads the same way in prepare(): its budget and reward-mix
// config keys, the stored training prompts, and the active reward model when its score is part of the reward.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { HttpError } from '../../errors';
import { CONFIG_FILE } from '../../ml/model/checkpoint';
import type { RlPrompt } from '../../ml/rl/reward-fn';
import { FAMILIES } from '../../ml/tasks/index';
import type { VerifierSpec } from '../../ml/tasks/types';
import type { PolicyTaskInput, PolicyTaskResult } from '../../ml/rl/policy-task';
import type { Store } from '../../store';
import type { JobContext } from '../kind';
import { activePolicyCheckpoint, outputDir } from './common';

/** Budget (`steps`, or as many as fit in `minutes`; both: whichever ends first), prompts read, reward mix. */
export const PolicyJobBaseSchema = z.object({
  steps: z.number().int().min(1).max(100_000).optional(),
  minutes: z.number().positive().max(24 * 60).optional(),
  maxPrompts: z.number().int().min(1).max(1_000_000).default(10_000), // stored train prompts read, oldest first
  rmWeight: z.number().min(0).max(100).default(1), // × the active reward model's normalised score
  verifierWeight: z.number().min(0).max(100).default(0), // × the task-world verifier's score (RLVR) where a prompt has one
});

/** Rollout, KL and advantage keys of the on-policy trainers (ppo, trpo); unset = the trainer's defaults. */
export const OnPolicyJobSchema = PolicyJobBaseSchema.extend({
  promptsPerStep: z.number().int().min(1).max(4096).optional(),
  temperature: z.number().positive().max(10).optional(),
  maxNewTokens: z.number().int().min(1).max(4096).optional(),
  klCoef: z.number().min(0).max(10).optional(),
  adaptiveKl: z.boolean().optional(),
  klTarget: z.number().positive().optional(),
  missingEosPenalty: z.number().min(-10).max(0).optional(),
  gamma: z.number().min(0).max(1).optional(),
  lambda: z.number().min(0).max(1).optional(),
  seed: z.number().int().min(0).optional(),
  overlap: z.boolean().optional(), // sample the next rollout on a second core while this step trains
});

/** Train-split prompts; task-world ones keep their verifier spec (for RLVR), others have none. */
export function trainPrompts(store: Store, limit: number, opts: { verifierOnly?: boolean } = {}): RlPrompt[] {
  const known = new Set(FAMILIES);
  const rows = store.prompts.trainSplit(limit, { withVerifier: opts.verifierOnly });
  const prompts = rows.flatMap((row): RlPrompt[] => {
    const spec = (row.verifier ?? undefined) as VerifierSpec | undefined;
    const verifier = spec && known.has(spec.family) ? spec : undefined;
    if (opts.verifierOnly && !verifier) return [];
    return [{ prompt: row.messages ?? row.text, ...(verifier ? { verifier } : {}) }];
  });
  if (prompts.length === 0) {
    throw opts.verifierOnly
      ? new HttpError(409, 'no_task_prompts', 'No stored train-split prompts with a task-world verifier to score with rmWeight 0')
      : new HttpError(409, 'no_prompts', 'No stored train-split prompts to train on');
  }
  return prompts;
}

/** The active reward model's checkpoint when rmWeight ≠ 0 (else null); 409 no_reward_model when there is none. */
export function rewardModelFor(store: Store, rmWeight: number): { id: number; version: number; checkpointPath: string } | null {
  if (rmWeight === 0) return null;
  const rm = store.rewardModels.active();
  const how = 'train one (an rm job) or activate a version, or set rmWeight 0 and verifierWeight > 0';
  if (!rm?.checkpointPath) throw new HttpError(409, 'no_reward_model', `No reward model is active: ${how}`);
  if (!existsSync(join(rm.checkpointPath, CONFIG_FILE))) {
    throw new HttpError(409, 'no_reward_model', `The active reward model (v${rm.version}) has no checkpoint on disk: ${how}`);
  }
  return { id: rm.id, version: rm.version, checkpointPath: rm.checkpointPath };
}

export type PolicyJobBase = z.infer<typeof PolicyJobBaseSchema>;

export interface PolicyJobResult {
  policy: { id: number; version: number };
  activated: false;
  steps: number;
  samples: number;
  metrics: Record<string, number>;
}

const DEFAULT_STEPS = 20;
export const activeBuiltinPolicy = (store: Store) => activePolicyCheckpoint(store, 'No active built-in policy to improve', { builtinOnly: true });

/**
 * The worker input of an on-policy trainer (ppo, trpo): the active policy, the prompts, the trainer's own config
 * keys (the rest of `config`), the reward mix; `rm` the reward model to score with (null: none, or the loop
 * decides in the worker).
 */
export function policyTaskInput<C>(
  store: Store,
  algorithm: string,
  config: PolicyJobBase & C,
  jobId: number,
  rm: { id: number; checkpointPath: string } | null,
): PolicyTaskInput & { config: Partial<C> } {
  const policy = activeBuiltinPolicy(store);
  const { steps, minutes, maxPrompts, rmWeight, verifierWeight, ...training } = config;
  return {
    checkpointDir: policy.checkpointPath,
    rewardModelDir: rm?.checkpointPath ?? null,
    reward: { rmWeight, verifierWeight },
    outDir: join(outputDir(store, 'policies'), `${algorithm}-job${jobId}-${randomBytes(3).toString('hex')}`),
    prompts: trainPrompts(store, maxPrompts, { verifierOnly: rmWeight === 0 }),
    config: Object.fromEntries(Object.entries(training).filter(([, v]) => v !== undefined)) as Partial<C>,
    steps: steps ?? (minutes === undefined ? DEFAULT_STEPS : undefined),
    minutes,
    meta: { parentPolicyId: policy.id, parentVersion: policy.version, rewardModelId: rm?.id ?? null, jobId },
  };
}

/** finish of an on-policy trainer: a new policy version (parent = the one trained from), NOT activated. */
export function registerPolicyVersion({ store, log }: JobContext, algorithm: string, output: PolicyTaskResult, config: object, jobId: number): PolicyJobResult {
  const { id, version } = store.policies.register({
    kind: 'builtin',
    checkpointPath: output.outDir,
    parentId: output.meta.parentPolicyId as number,
    config: { algorithm, jobId, rewardModelId: output.meta.rewardModelId, ...config },
    metrics: { ...output.final, steps: output.steps, samples: output.samples },
  });
  log.info(`${algorithm}: policy v${version} registered (${output.steps} steps, not activated)`);
  return { policy: { id, version }, activated: false, steps: output.steps, samples: output.samples, metrics: output.final };
}
