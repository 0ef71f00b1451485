// PPO hyper-parameters (DESIGN.md §4 "PPO"), TRL-style: defaults in brackets. Rollout, KL reward and GAE are in
// rollout-config.ts (shared with TRPO); here the update: epochs × minibatches of the clipped objectives.
import { checkRolloutConfig, positiveInt, ROLLOUT_DEFAULTS, type RolloutConfig } from './rollout-config';

export interface PpoConfig extends RolloutConfig {
  epochs: number; // passes over the rollout batch [4]
  minibatches: number; // per epoch [4]
  clipRange: number; // ε of the clipped surrogate [0.2]
  clipRangeValue: number; // value clip around V_old [0.2]
  vfCoef: number; // value-loss coefficient [0.1]
  targetKl: number | null; // stop the epochs early when a minibatch's approx-KL exceeds 1.5 × this; null = never [null]
  lr: number; // Adam peak learning rate [1e-5]
  warmupSteps: number; // linear warmup in optimizer updates [0]
  maxGradNorm: number; // clip by global norm [1.0]
}

export const PPO_DEFAULTS: PpoConfig = {
  ...ROLLOUT_DEFAULTS,
  epochs: 4,
  minibatches: 4,
  clipRange: 0.2,
  clipRangeValue: 0.2,
  vfCoef: 0.1,
  targetKl: null,
  lr: 1e-5,
  warmupSteps: 0,
  maxGradNorm: 1.0,
};

export function ppoConfig(overrides: Partial<PpoConfig> = {}): PpoConfig {
  const c = { ...PPO_DEFAULTS, ...overrides };
  checkRolloutConfig(c);
  if (!positiveInt(c.epochs) || !positiveInt(c.minibatches)) throw new Error(`epochs and minibatches must be positive integers, got ${c.epochs}, ${c.minibatches}`);
  if (c.minibatches > c.promptsPerStep) throw new Error(`minibatches (${c.minibatches}) cannot exceed promptsPerStep (${c.promptsPerStep})`);
  if (!(c.clipRange > 0 && c.clipRangeValue > 0)) throw new Error('clipRange and clipRangeValue must be > 0');
  if (!(c.lr > 0)) throw new Error(`lr must be > 0, got ${c.lr}`);
  if (c.targetKl !== null && !(c.targetKl > 0)) throw new Error(`targetKl must be > 0 or null, got ${c.targetKl}`);
  return c;
}
