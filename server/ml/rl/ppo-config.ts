// PPO hyper-parameters (DESIGN.md §4 "PPO"), TRL-style: defaults in brackets, grouped by phase.

export interface PpoConfig {
  // rollout
  promptsPerStep: number; // prompts sampled per PPO step, one response each [64]
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
  // optimisation: epochs × minibatches over the rollout batch
  epochs: number; // [4]
  minibatches: number; // [4]
  clipRange: number; // ε of the clipped surrogate [0.2]
  clipRangeValue: number; // value clip around V_old [0.2]
  vfCoef: number; // value-loss coefficient [0.1]
  targetKl: number | null; // stop the epochs early when a minibatch's approx-KL exceeds 1.5 × this; null = never [null]
  lr: number; // Adam peak learning rate [1e-5]
  warmupSteps: number; // linear warmup in optimizer updates [0]
  maxGradNorm: number; // clip by global norm [1.0]
  evalBatchSize: number; // rows per no-grad forward pass (log-probs, values) [32]
  seed: number; // rollout sampling and minibatch shuffling [0]
}

export const PPO_DEFAULTS: PpoConfig = {
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
  epochs: 4,
  minibatches: 4,
  clipRange: 0.2,
  clipRangeValue: 0.2,
  vfCoef: 0.1,
  targetKl: null,
  lr: 1e-5,
  warmupSteps: 0,
  maxGradNorm: 1.0,
  evalBatchSize: 32,
  seed: 0,
};

const positiveInt = (v: number) => Number.isInteger(v) && v > 0;

export function ppoConfig(overrides: Partial<PpoConfig> = {}): PpoConfig {
  const c = { ...PPO_DEFAULTS, ...overrides };
  for (const key of ['promptsPerStep', 'maxNewTokens', 'rolloutBatchSize', 'epochs', 'minibatches', 'evalBatchSize'] as const) {
    if (!positiveInt(c[key])) throw new Error(`${key} must be a positive integer, got ${c[key]}`);
  }
  if (c.minibatches > c.promptsPerStep) throw new Error(`minibatches (${c.minibatches}) cannot exceed promptsPerStep (${c.promptsPerStep})`);
  if (!(c.temperature > 0)) throw new Error(`temperature must be > 0, got ${c.temperature}`);
  if (!(c.klCoef >= 0)) throw new Error(`klCoef must be ≥ 0, got ${c.klCoef}`);
  if (!(c.clipRange > 0 && c.clipRangeValue > 0)) throw new Error('clipRange and clipRangeValue must be > 0');
  if (!(c.gamma >= 0 && c.gamma <= 1 && c.lambda >= 0 && c.lambda <= 1)) throw new Error('gamma and lambda must be in [0, 1]');
  if (!(c.lr > 0)) throw new Error(`lr must be > 0, got ${c.lr}`);
  if (c.targetKl !== null && !(c.targetKl > 0)) throw new Error(`targetKl must be > 0 or null, got ${c.targetKl}`);
  return c;
}
