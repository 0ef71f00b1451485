// What PPO and TRPO share (DESIGN.md §4 "PPO": "TRPO. Same rollout and advantages"): the rollout, the per-token
// KL reward and GAE, with defaults in brackets. Each trainer's config extends it with its own update.
import { KlController } from './math';
import type { RolloutOptions } from './rollout';

export interface RolloutConfig {
  // rollout
  promptsPerStep: number; // prompts sampled per step, one response each [64]
  temperature: number; // softmax(logits / T), no top-k/top-p; log-probs use the same T [0.7]
  maxNewTokens: number; // response length cap [96]
  rolloutBatchSize: number; // rows per generate() call (the wasm sampler's heap grows with it) [32]
  // reward = rmWeight · normalised RM score + verifierWeight · verifier (reward-fn.ts), at the last token
  missingEosPenalty: number; // added when a response hits maxNewTokens without EOS [-1]
  klCoef: number; // β of the per-token k1 penalty −β·(log π − log π_ref) [0.05]
  adaptiveKl: boolean; // Ziegler's controller: e = clip(KL/target − 1, ±0.2), β ← β·(1 + e·n/horizon) [false]
  klTarget: number; // target Σ_t KL per response for the adaptive controller [6]
  klHorizon: number; // its horizon in samples [10000]
  // advantages
  gamma: number; // [1]
  lambda: number; // GAE λ [0.95]
  whitenAdvantages: boolean; // over the batch's response tokens [true]
  evalBatchSize: number; // rows per no-grad forward pass (old log-probs, values) [32]
  seed: number; // rollout sampling (and PPO's minibatch shuffling) [0]
  // both cores: the next step's rollout is sampled on a second worker thread while this step trains, with the
  // weights before this step's update (one step off-policy; server/ml/rl/rollout-worker.ts) [false]
  overlap: boolean;
}

export const ROLLOUT_DEFAULTS: RolloutConfig = {
  promptsPerStep: 64,
  temperature: 0.7,
  maxNewTokens: 96,
  rolloutBatchSize: 32,
  missingEosPenalty: -1,
  klCoef: 0.05,
  adaptiveKl: false,
  klTarget: 6,
  klHorizon: 10_000,
  gamma: 1,
  lambda: 0.95,
  whitenAdvantages: true,
  evalBatchSize: 32,
  seed: 0,
  overlap: false,
};

/** The sampling of step `step`'s rollout (step 0, 1, …): at T, no top-k/top-p, a seed of its own. */
export const rolloutOptionsFor = (c: RolloutConfig, step: number): RolloutOptions => ({
  temperature: c.temperature,
  maxNewTokens: c.maxNewTokens,
  batchSize: c.rolloutBatchSize,
  seed: c.seed * 1_000_003 + 7919 * step,
});

/** β of the KL penalty: fixed, or Ziegler-adaptive when the config asks for it. */
export const klControllerFor = (c: RolloutConfig) => new KlController(c.klCoef, c.adaptiveKl ? { target: c.klTarget, horizon: c.klHorizon } : undefined);

export const positiveInt = (v: number) => Number.isInteger(v) && v > 0;

/** Throws on a rollout value out of range. */
export function checkRolloutConfig(c: RolloutConfig): void {
  for (const key of ['promptsPerStep', 'maxNewTokens', 'rolloutBatchSize', 'evalBatchSize'] as const) {
    if (!positiveInt(c[key])) throw new Error(`${key} must be a positive integer, got ${c[key]}`);
  }
  if (!(c.temperature > 0)) throw new Error(`temperature must be > 0, got ${c.temperature}`);
  if (!(c.klCoef >= 0)) throw new Error(`klCoef must be ≥ 0, got ${c.klCoef}`);
  if (!(c.gamma >= 0 && c.gamma <= 1 && c.lambda >= 0 && c.lambda <= 1)) throw new Error('gamma and lambda must be in [0, 1]');
}
