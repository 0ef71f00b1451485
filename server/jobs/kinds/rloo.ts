/**
 * rloo: improves the active policy by RLOO with the task-world verifier as reward (RLVR; DESIGN.md §4
 * "Vanilla policy gradient"; server/ml/rl/).
 *
 * prepare (main thread): the active built-in policy and the stored train-split prompts that carry a verifier spec
 * of a known family. The worker trains and writes the checkpoint under <database folder>/policies/. finish
 * registers it as a new policy version (parent = the active one) WITHOUT activating it: an admin (or the loop,
 * after comparing it) does that.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { HttpError } from '../../errors';
import type { PgPrompt } from '../../ml/rl/pg';
import type { PgTaskInput, PgTaskResult } from '../../ml/rl/pg-task';
import { FAMILIES } from '../../ml/tasks/index';
import type { Store } from '../../store';
import { activePolicyCheckpoint, outputDir } from './common';
import { defineJobKind, type JobContext } from '../kind';

export const RlooJobConfigSchema = z
  .object({
    // budget: `steps` rollout steps, or as many as fit in `minutes` (both: whichever ends first) [steps 100]
    steps: z.number().int().min(1).max(100_000).optional(),
    minutes: z.number().positive().max(24 * 60).optional(),
    maxPrompts: z.number().int().min(1).max(1_000_000).default(10_000), // stored prompts read, oldest first
    // server/ml/rl/config.ts; unset = its defaults
    promptsPerStep: z.number().int().min(1).max(1024).optional(),
    samplesPerPrompt: z.number().int().min(2).max(64).optional(),
    temperature: z.number().positive().max(10).optional(),
    maxNewTokens: z.number().int().min(1).max(4096).optional(),
    klCoef: z.number().min(0).max(10).optional(),
    missingEosPenalty: z.number().min(-10).max(0).optional(),
    loss: z.enum(['sequence', 'token_mean']).optional(),
    curriculum: z.enum(['uniform', 'signal']).optional(),
    lr: z.number().positive().max(1).optional(),
    maxGradNorm: z.number().positive().optional(),
    seed: z.number().int().min(0).optional(),
    overlap: z.boolean().optional(), // sample the next rollout on a second core while this step trains
  })
  .strict();
export type RlooJobConfig = z.infer<typeof RlooJobConfigSchema>;

export interface RlooJobResult {
  policy: { id: number; version: number };
  activated: false;
  steps: number;
  samples: number;
  metrics: Record<string, number>;
}

const DEFAULT_STEPS = 100;

/** Policy checkpoints made by jobs live beside the database file. */
const activePolicy = (store: Store) => activePolicyCheckpoint(store, 'No active built-in policy to improve', { builtinOnly: true });

/** Train-split prompts with a verifier of a known task family (multi-turn ones as their conversation). */
function taskPrompts(store: Store, limit: number): PgPrompt[] {
  const known = new Set(FAMILIES);
  const prompts: PgPrompt[] = [];
  for (const row of store.prompts.trainSplit(limit, { withVerifier: true })) {
    const verifier = row.verifier as PgPrompt['verifier'];
    if (!known.has(verifier?.family)) continue;
    prompts.push({ prompt: row.messages ?? row.text, verifier });
  }
  if (prompts.length === 0) throw new HttpError(409, 'no_task_prompts', 'No stored train-split prompts with a task-world verifier to train on');
  return prompts;
}

export const rlooKind = defineJobKind({
  kind: 'rloo',
  config: RlooJobConfigSchema,
  task: fileURLToPath(new URL('./rloo-task.ts', import.meta.url)),
  check({ store }: JobContext, config: RlooJobConfig) {
    activePolicy(store);
    taskPrompts(store, config.maxPrompts);
  },
  prepare({ store }: JobContext, config: RlooJobConfig, run): PgTaskInput {
    const policy = activePolicy(store);
    const prompts = taskPrompts(store, config.maxPrompts);
    const { steps, minutes, maxPrompts, ...training } = config;
    return {
      checkpointDir: policy.checkpointPath,
      outDir: join(outputDir(store, 'policies'), `rloo-job${run.jobId}-${randomBytes(3).toString('hex')}`),
      prompts,
      config: Object.fromEntries(Object.entries(training).filter(([, v]) => v !== undefined)),
      steps: steps ?? (minutes === undefined ? DEFAULT_STEPS : undefined),
      minutes,
      meta: { parentPolicyId: policy.id, parentVersion: policy.version, jobId: run.jobId },
    };
  },
  finish({ store, log }: JobContext, output: PgTaskResult, config: RlooJobConfig, run): RlooJobResult {
    const { id, version } = store.policies.register({
      kind: 'builtin',
      checkpointPath: output.outDir,
      parentId: output.meta.parentPolicyId as number,
      config: { algorithm: 'rloo', jobId: run.jobId, ...config },
      metrics: { ...output.final, steps: output.steps, samples: output.samples },
    });
    log.info(`rloo: policy v${version} registered (${output.steps} steps, not activated)`);
    return { policy: { id, version }, activated: false, steps: output.steps, samples: output.samples, metrics: output.final };
  },
});
