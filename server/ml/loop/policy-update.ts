// The policy update of a loop round, by algorithm: each runs the body its own job kind runs (ppo-run.ts,
// trpo-run.ts, dpo-run.ts, best-of-n-run.ts, pg-task.ts), with the reward model the round settled on. Every body writes a new
// checkpoint and returns its folder; the job kind's finish registers it.
import type { BestOfNTaskInput, BestOfNTaskResult } from '../rl/best-of-n-run';
import { runBestOfNTask } from '../rl/best-of-n-run';
import { type DpoTaskInput, type DpoTaskResult, runDpoTask } from '../rl/dpo-run';
import { type PgTaskInput, type PgTaskResult, runPgTask } from '../rl/pg-task';
import type { PolicyTaskResult } from '../rl/policy-task';
import { type PpoTaskInput, runPpoTask } from '../rl/ppo-run';
import { runTrpoTask, type TrpoTaskInput } from '../rl/trpo-run';

export const LOOP_ALGORITHMS = ['ppo', 'trpo', 'dpo', 'best_of_n', 'rloo'] as const;
export type LoopAlgorithm = (typeof LOOP_ALGORITHMS)[number];

export type RoundPolicy =
  | { algorithm: 'ppo'; input: PpoTaskInput } // reward: the reward model (+ verifier)
  | { algorithm: 'trpo'; input: TrpoTaskInput } // likewise
  | { algorithm: 'dpo'; input: DpoTaskInput } // offline, from the labels themselves
  | { algorithm: 'best_of_n'; input: BestOfNTaskInput } // reward: the reward model (+ verifier)
  | { algorithm: 'rloo'; input: PgTaskInput }; // reward: the verifier (RLVR)

export type PolicyUpdateResult = PolicyTaskResult | DpoTaskResult | BestOfNTaskResult | PgTaskResult;

/** Whether the update scores with the reward model (so a round without one must skip it). */
export function needsRewardModel(p: RoundPolicy): boolean {
  if (p.algorithm === 'ppo' || p.algorithm === 'trpo') return p.input.reward.rmWeight !== 0;
  if (p.algorithm === 'best_of_n') return (p.input.config?.rmWeight ?? 1) !== 0;
  return false;
}

type OnRecord = (m: Record<string, number>) => void;

export async function runPolicyUpdate(p: RoundPolicy, rewardModelDir: string | null, onRecord: OnRecord): Promise<PolicyUpdateResult & { outDir: string }> {
  switch (p.algorithm) {
    case 'ppo':
      return runPpoTask({ ...p.input, rewardModelDir }, onRecord);
    case 'trpo':
      return runTrpoTask({ ...p.input, rewardModelDir }, onRecord);
    case 'dpo':
      return runDpoTask(p.input, (m) => onRecord(m));
    case 'best_of_n':
      return runBestOfNTask({ ...p.input, rewardModelDir: rewardModelDir ?? undefined }, (progress) => {
        if (progress.phase === 'sft') onRecord(progress.metrics);
      });
    case 'rloo':
      return runPgTask(p.input, onRecord);
  }
}
