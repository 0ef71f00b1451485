// What every policy-training job kind (ppo, trpo, …) reads the same way in prepare(): its budget and reward-mix
// config keys, the stored training prompts, and the active reward model when its score is part of the reward.
import { z } from 'zod';
import { HttpError } from '../../errors';
import type { RlPrompt } from '../../ml/rl/reward-fn';
import { FAMILIES } from '../../ml/tasks/index';
import type { VerifierSpec } from '../../ml/tasks/types';
import type { Store } from '../../store';

/** Budget (`steps`, or as many as fit in `minutes`; both: whichever ends first), prompts read, reward mix. */
export const PolicyJobBaseSchema = z.object({
  steps: z.number().int().min(1).max(100_000).optional(),
  minutes: z.number().positive().max(24 * 60).optional(),
  maxPrompts: z.number().int().min(1).max(1_000_000).default(10_000), // stored train prompts read, oldest first
  rmWeight: z.number().min(0).max(100).default(1), // × the active reward model's normalised score
  verifierWeight: z.number().min(0).max(100).default(0), // × the task-world verifier's score (RLVR) where a prompt has one
});

/** Train-split prompts; task-world ones keep their verifier spec (for RLVR), others have none. */
export function trainPrompts(store: Store, limit: number, opts: { verifierOnly?: boolean } = {}): RlPrompt[] {
  const known = new Set(FAMILIES);
  const rows = store.db
    .prepare<[number], { text: string; messages: string | null; verifier: string | null }>(
      `SELECT text, messages, verifier FROM prompts WHERE split = 'train' ${opts.verifierOnly ? 'AND verifier IS NOT NULL' : ''} ORDER BY id LIMIT ?`,
    )
    .all(limit);
  const prompts = rows.flatMap((row): RlPrompt[] => {
    const spec = row.verifier ? (JSON.parse(row.verifier) as VerifierSpec) : undefined;
    const verifier = spec && known.has(spec.family) ? spec : undefined;
    if (opts.verifierOnly && !verifier) return [];
    return [{ prompt: row.messages ? JSON.parse(row.messages) : row.text, ...(verifier ? { verifier } : {}) }];
  });
  if (prompts.length === 0) {
    throw new HttpError(409, 'no_prompts', opts.verifierOnly ? 'No stored train-split prompts with a task-world verifier' : 'No stored train-split prompts to train on');
  }
  return prompts;
}

/** The active reward model's checkpoint when rmWeight ≠ 0 (else null); 409 no_reward_model when there is none. */
export function rewardModelFor(store: Store, rmWeight: number): { id: number; version: number; checkpointPath: string } | null {
  if (rmWeight === 0) return null;
  const rm = store.rewardModels.active();
  if (!rm?.checkpointPath) {
    throw new HttpError(409, 'no_reward_model', 'No active reward model: train one (POST /api/admin/jobs {kind: "rm"}) or set rmWeight 0 and verifierWeight > 0');
  }
  return { id: rm.id, version: rm.version, checkpointPath: rm.checkpointPath };
}
