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
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { HttpError } from '../../errors';
import { CONFIG_FILE } from '../../ml/model/checkpoint';
import type { BestOfNTaskInput, BestOfNTaskResult } from '../../ml/rl/best-of-n-task';
import type { RlPrompt } from '../../ml/rl/reward-fn';
import { FAMILIES } from '../../ml/tasks/index';
import type { VerifierSpec } from '../../ml/tasks/types';
import type { Store } from '../../store';
import { defineJobKind, type JobContext } from '../kind';
import { activePolicyCheckpoint, outputDir } from './common';

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

/** The active reward model's checkpoint folder when the reward uses it; else 409 no_reward_model. */
function rewardModel(store: Store, config: BestOfNJobConfig): { id: number; dir: string } | null {
  if (config.rmWeight === 0) return null;
  const active = store.rewardModels.active();
  const why = 'best_of_n with rmWeight > 0 needs an active reward model: train one (an rm job) or activate a version, or set rmWeight 0 and verifierWeight > 0';
  if (!active?.checkpointPath) throw new HttpError(409, 'no_reward_model', `No reward model is active. ${why}`);
  if (!existsSync(join(active.checkpointPath, CONFIG_FILE))) {
    throw new HttpError(409, 'no_reward_model', `The active reward model (v${active.version}) has no checkpoint on disk. ${why}`);
  }
  return { id: active.id, dir: active.checkpointPath };
}

/** Train-split prompts; a task-world verifier of a known family is kept. Verifier-only rewards need one. */
function trainPrompts(store: Store, config: BestOfNJobConfig): RlPrompt[] {
  const known = new Set(FAMILIES);
  const verifierOnly = config.rmWeight === 0;
  const rows = store.db
    .prepare<[number, number], { text: string; messages: string | null; verifier: string | null }>(
      `SELECT text, messages, verifier FROM prompts WHERE split = 'train' AND (? = 0 OR verifier IS NOT NULL) ORDER BY id LIMIT ?`,
    )
    .all(verifierOnly ? 1 : 0, config.maxPrompts);
  const prompts: RlPrompt[] = [];
  for (const row of rows) {
    const spec = row.verifier ? (JSON.parse(row.verifier) as VerifierSpec) : undefined;
    const verifier = spec && known.has(spec.family) ? spec : undefined;
    if (verifierOnly && !verifier) continue;
    prompts.push({ prompt: row.messages ? JSON.parse(row.messages) : row.text, ...(verifier && { verifier }) });
  }
  if (prompts.length === 0) {
    throw verifierOnly
      ? new HttpError(409, 'no_task_prompts', 'No stored train-split prompts with a task-world verifier to score with rmWeight 0')
      : new HttpError(409, 'no_prompts', 'No stored train-split prompts to sample answers for');
  }
  return prompts;
}

export const bestOfNKind = defineJobKind({
  kind: 'best_of_n',
  config: BestOfNJobConfigSchema,
  task: fileURLToPath(new URL('../../ml/rl/best-of-n-task.ts', import.meta.url)),
  check({ store }: JobContext, config: BestOfNJobConfig) {
    activePolicy(store);
    rewardModel(store, config);
    trainPrompts(store, config);
  },
  prepare({ store }: JobContext, config: BestOfNJobConfig, run): BestOfNTaskInput {
    const policy = activePolicy(store);
    const rm = rewardModel(store, config);
    const { maxPrompts, ...training } = config;
    return {
      checkpointDir: policy.checkpointPath,
      rewardModelDir: rm?.dir,
      outDir: join(outputDir(store, 'policies'), `best-of-n-job${run.jobId}-${randomBytes(3).toString('hex')}`),
      prompts: trainPrompts(store, config),
      config: Object.fromEntries(Object.entries(training).filter(([, v]) => v !== undefined)),
      meta: { parentPolicyId: policy.id, parentVersion: policy.version, rewardModelId: rm?.id ?? null, jobId: run.jobId },
    };
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
