// TRPO hyper-parameters (DESIGN.md §4 "TRPO"), TRL-style: defaults in brackets. Rollout, reward and advantages
// are PPO's (rollout-config.ts); the policy moves by one natural-gradient step per batch.
import { checkRolloutConfig, positiveInt, ROLLOUT_DEFAULTS, type RolloutConfig } from './rollout-config';

export interface TrpoConfig extends RolloutConfig {
  // the trust-region step: CG on (F + cgDamping·I) x = g, step √(2δ / xᵀFx)·x, backtracking line search
  maxKl: number; // δ: the step's mean KL(π_old ‖ π) per response token [0.01]
  cgIters: number; // [10]
  cgDamping: number; // [0.1]
  lineSearchSteps: number; // tries of the step × backtrack^j, j = 0, 1, … [10]
  backtrack: number; // [0.5]
  klTolerance: number; // a try is accepted only if its KL ≤ klTolerance · δ and the surrogate improved [1.5]
  // value head, fitted after the policy step by regression on the returns (its own Adam; the trunk is not touched)
  valueLr: number; // [1e-3]
  valueIters: number; // passes over the batch, one Adam step per micro-batch [20]
  trainBatchSize: number; // rows per forward/backward pass; their gradients add up to the batch's [32]
  trainTokenBudget: number; // and at most this many padded tokens per pass (memory; logprobs.ts microBatches) [2048]
}

export const TRPO_DEFAULTS: TrpoConfig = {
  ...ROLLOUT_DEFAULTS,
  maxKl: 0.01,
  cgIters: 10,
  cgDamping: 0.1,
  lineSearchSteps: 10,
  backtrack: 0.5,
  klTolerance: 1.5,
  valueLr: 1e-3,
  valueIters: 20,
  trainBatchSize: 32,
  trainTokenBudget: 2048,
};

export function trpoConfig(overrides: Partial<TrpoConfig> = {}): TrpoConfig {
  const c = { ...TRPO_DEFAULTS, ...overrides };
  checkRolloutConfig(c);
  for (const key of ['cgIters', 'lineSearchSteps', 'valueIters', 'trainBatchSize', 'trainTokenBudget'] as const) {
    if (!positiveInt(c[key])) throw new Error(`${key} must be a positive integer, got ${c[key]}`);
  }
  if (!(c.maxKl > 0)) throw new Error(`maxKl must be > 0, got ${c.maxKl}`);
  if (!(c.cgDamping >= 0)) throw new Error(`cgDamping must be ≥ 0, got ${c.cgDamping}`);
  if (!(c.backtrack > 0 && c.backtrack < 1)) throw new Error(`backtrack must be in (0, 1), got ${c.backtrack}`);
  if (!(c.klTolerance >= 1)) throw new Error(`klTolerance must be ≥ 1, got ${c.klTolerance}`);
  if (!(c.valueLr > 0)) throw new Error(`valueLr must be > 0, got ${c.valueLr}`);
  return c;
}
