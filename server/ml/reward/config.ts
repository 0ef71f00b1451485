// Reward-model hyper-parameters. Defaults in brackets (DESIGN.md §4 "Reward model"; TRL's RewardConfig where
// the design is silent).

export interface RmConfig {
  // optimisation
  lr: number; // peak learning rate of Adam [1e-4]; a trunk trained from scratch wants more
  batchSize: number; // pairs per step; chosen and rejected rows go through one forward pass [8]
  epochs: number; // passes over the training pairs when `steps` is unset [1]
  steps?: number; // total optimizer steps; overrides `epochs`
  warmupSteps?: number; // linear warmup [5 % of the steps]
  schedule: 'cosine' | 'linear'; // decay after warmup [linear, as TRL]
  minLrRatio: number; // final lr = minLrRatio · lr [0]
  maxGradNorm: number; // clip by global norm [1.0]
  // model
  maxLen: number; // tokens per (prompt, response) row; the prompt loses its start first [256, capped at blockSize]
  ensemble: number; // K scalar heads on the trunk, each its own init; score = mean, uncertainty = std [1]
  headSeed: number; // head k is initialised from seed headSeed + k [0]
  wordPrior: boolean; // fit a GloVe word prior on the training pairs first and add it to every head (word-prior.ts) [false]
  wordPriorL2?: number; // its L2 penalty on the vector weights [chosen by 5-fold cross-validation on the training pairs]
  // evaluation
  evalEvery: number; // held-out metrics every N steps, and always at the end; 0 = only at the end [0]
  evalBatchSize: number; // pairs per forward pass when evaluating or scoring [16]
  seed: number; // batch order [0]
}

export const RM_DEFAULTS: RmConfig = {
  lr: 1e-4,
  batchSize: 8,
  epochs: 1,
  schedule: 'linear',
  minLrRatio: 0,
  maxGradNorm: 1.0,
  maxLen: 256,
  ensemble: 1,
  headSeed: 0,
  wordPrior: false,
  evalEvery: 0,
  evalBatchSize: 16,
  seed: 0,
};

export function rmConfig(overrides: Partial<RmConfig> = {}): RmConfig {
  const cfg = { ...RM_DEFAULTS, ...overrides };
  const positiveInt = (k: keyof RmConfig) => {
    const v = cfg[k];
    if (!(typeof v === 'number' && Number.isInteger(v) && v > 0)) throw new Error(`${k} must be a positive integer, got ${v}`);
  };
  if (!(cfg.lr > 0)) throw new Error(`lr must be > 0, got ${cfg.lr}`);
  if (cfg.wordPriorL2 !== undefined && !(cfg.wordPriorL2 > 0)) throw new Error(`wordPriorL2 must be > 0, got ${cfg.wordPriorL2}`);
  for (const k of ['batchSize', 'epochs', 'maxLen', 'ensemble', 'evalBatchSize'] as const) positiveInt(k);
  if (cfg.steps !== undefined) positiveInt('steps');
  return cfg;
}

/** Optimizer steps a run takes on `pairs` training pairs. */
export function rmTotalSteps(cfg: RmConfig, pairs: number): number {
  return cfg.steps ?? Math.max(1, cfg.epochs * Math.floor(pairs / Math.min(cfg.batchSize, pairs)));
}
