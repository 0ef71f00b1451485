// REINFORCE / RLOO hyper-parameters (DESIGN.md §4 "Vanilla policy gradient"), TRL-style: defaults in brackets.
// The defaults are chosen for the starter policy on the task world with the verifier as reward: most groups of
// samples score all alike (no signal), so k is large, uniform groups are skipped, and the learning rate is small.

export interface PgConfig {
  // prompts (server/ml/rl/curriculum.ts)
  promptsPerStep: number; // prompts per step [16]
  curriculum: 'uniform' | 'signal'; // families drawn uniformly, or by their recent share of mixed groups [signal]
  // rollout
  samplesPerPrompt: number; // k samples per prompt (RLOO's leave-one-out needs ≥ 2) [8]
  temperature: number; // rollouts sample softmax(logits / T), no top-k/top-p; log-probs use the same T [1.0]
  rolloutBatchSize: number; // rows per generate() call: the sampler's wasm memory grows ~18 MB per row (starter) [32]
  maxNewTokens: number; // response length cap (write_list answers reach ~90 characters) [96]
  // reward = verifierWeight · score + missing-EOS penalty − klCoef · Σ_t k1
  verifierWeight: number; // [1]
  missingEosPenalty: number; // added when a response hits maxNewTokens without EOS [-1]
  klCoef: number; // β of the per-sequence KL penalty vs the frozen reference; 0 = off [0.02]
  // advantages
  advantage: 'rloo' | 'baseline'; // A_i = r_i − mean_{j≠i} r_j of its group, or r_i − b [rloo]
  baseline: 'batch_mean' | 'moving_average'; // b for 'baseline' [batch_mean]
  baselineDecay: number; // EMA decay of the moving-average baseline [0.9]
  skipUniformGroups: boolean; // drop prompts whose k samples all score the same: no signal, only cost [true]
  // loss: 'sequence' = −mean_i A_i · Σ_t log π(y_it) (REINFORCE on the whole response);
  //       'token_mean' = −Σ_i Σ_t A_i · log π(y_it) / Σ_i |y_i|
  loss: 'sequence' | 'token_mean'; // [sequence]
  // optimisation (server/ml/train/optimizer-step.ts)
  trainBatchSize: number; // rows per forward/backward; their gradients are summed into one update per step [32]
  trainTokenBudget: number; // and at most this many padded tokens per forward/backward (memory; logprobs.ts) [2048]
  lr: number; // Adam peak learning rate; 5e-5 made the current starter worse on held-out tasks (README, bench:rlvr) [2e-5]
  warmupSteps: number; // linear warmup [2]
  minLrRatio: number; // cosine decay to minLrRatio · lr over the run; 1 = constant after warmup [1]
  maxGradNorm: number; // clip by global norm [1.0]
  seed: number; // rollout sampling seed (step s uses seed·1e6 + s) [0]
  // both cores: the next step's rollout is sampled on a second worker thread while this step trains, with the
  // weights before this step's update (one step off-policy; server/ml/rl/rollout-worker.ts) [false]
  overlap: boolean;
}

export const PG_DEFAULTS: PgConfig = {
  promptsPerStep: 16,
  curriculum: 'signal',
  samplesPerPrompt: 8,
  temperature: 1.0,
  rolloutBatchSize: 32,
  maxNewTokens: 96,
  verifierWeight: 1,
  missingEosPenalty: -1,
  klCoef: 0.02,
  advantage: 'rloo',
  baseline: 'batch_mean',
  baselineDecay: 0.9,
  skipUniformGroups: true,
  loss: 'sequence',
  trainBatchSize: 32,
  trainTokenBudget: 2048,
  lr: 2e-5,
  warmupSteps: 2,
  minLrRatio: 1,
  maxGradNorm: 1.0,
  seed: 0,
  overlap: false,
};

const positiveInt = (v: number) => Number.isInteger(v) && v > 0;

export function pgConfig(overrides: Partial<PgConfig> = {}): PgConfig {
  const cfg = { ...PG_DEFAULTS, ...overrides };
  if (!positiveInt(cfg.promptsPerStep)) throw new Error(`promptsPerStep must be a positive integer, got ${cfg.promptsPerStep}`);
  if (!positiveInt(cfg.samplesPerPrompt)) throw new Error(`samplesPerPrompt must be a positive integer, got ${cfg.samplesPerPrompt}`);
  if (cfg.advantage === 'rloo' && cfg.samplesPerPrompt < 2) throw new Error('RLOO needs samplesPerPrompt ≥ 2');
  if (!(cfg.temperature > 0)) throw new Error(`temperature must be > 0, got ${cfg.temperature}`);
  if (!positiveInt(cfg.rolloutBatchSize)) throw new Error(`rolloutBatchSize must be a positive integer, got ${cfg.rolloutBatchSize}`);
  if (!positiveInt(cfg.maxNewTokens)) throw new Error(`maxNewTokens must be a positive integer, got ${cfg.maxNewTokens}`);
  if (!(cfg.klCoef >= 0)) throw new Error(`klCoef must be ≥ 0, got ${cfg.klCoef}`);
  if (!positiveInt(cfg.trainBatchSize)) throw new Error(`trainBatchSize must be a positive integer, got ${cfg.trainBatchSize}`);
  if (!positiveInt(cfg.trainTokenBudget)) throw new Error(`trainTokenBudget must be a positive integer, got ${cfg.trainTokenBudget}`);
  if (!(cfg.lr > 0)) throw new Error(`lr must be > 0, got ${cfg.lr}`);
  if (!(cfg.baselineDecay >= 0 && cfg.baselineDecay < 1)) throw new Error(`baselineDecay must be in [0, 1), got ${cfg.baselineDecay}`);
  if (!(cfg.minLrRatio > 0 && cfg.minLrRatio <= 1)) throw new Error(`minLrRatio must be in (0, 1], got ${cfg.minLrRatio}`);
  return cfg;
}
