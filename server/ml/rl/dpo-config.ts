// DPO hyper-parameters (DESIGN.md §4 "DPO"), TRL's DPOConfig where the design is silent: defaults in brackets.

export interface DpoConfig {
  // loss: −log σ(β[(log π(y_w) − log π_ref(y_w)) − (log π(y_l) − log π_ref(y_l))])
  beta: number; // β: how far the policy may move from the reference; implicit reward = β(log π − log π_ref) [0.1]
  // optimisation (server/ml/train/optimizer-step.ts)
  // lr: TRL's 5e-6 is for fine-tuning 100M+-parameter models; the ~1.8M-parameter starter barely moves at it.
  // Measured on the starter, 8 steps × 16 task-world pairs (correct answer vs the family's realistic wrong one),
  // 48 held-out pairs: 5e-6 → held-out DPO loss 0.679 (log 2 = 0.693), margin 0.03; 1e-4 → loss 0.555, accuracy
  // 0.71, log π(chosen) −12.2 → −12.7; 5e-4 overfits: held-out accuracy 0.58, log π(chosen) falls to −17.4.
  lr: number; // Adam peak learning rate [1e-4]
  batchSize: number; // pairs per update [16]
  microBatchSize: number; // pairs per forward/backward (2 rows each); gradients add up to one update per batch [8]
  epochs: number; // passes over the pairs when `steps` is unset [1]
  steps?: number; // total updates; overrides `epochs`
  warmupSteps?: number; // linear warmup, then linear decay to 0 as TRL [10 % of the steps]
  maxGradNorm: number; // clip by global norm [1.0]
  maxLen: number; // tokens per prompt + response row; the prompt loses its start first [256, capped at blockSize]
  seed: number; // batch order [0]
}

export const DPO_DEFAULTS: DpoConfig = {
  beta: 0.1,
  lr: 1e-4,
  batchSize: 16,
  microBatchSize: 8,
  epochs: 1,
  maxGradNorm: 1.0,
  maxLen: 256,
  seed: 0,
};

const positiveInt = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v > 0;

export function dpoConfig(overrides: Partial<DpoConfig> = {}): DpoConfig {
  const cfg = { ...DPO_DEFAULTS, ...overrides };
  if (!(cfg.beta > 0)) throw new Error(`beta must be > 0, got ${cfg.beta}`);
  if (!(cfg.lr > 0)) throw new Error(`lr must be > 0, got ${cfg.lr}`);
  if (!(cfg.maxGradNorm > 0)) throw new Error(`maxGradNorm must be > 0, got ${cfg.maxGradNorm}`);
  for (const k of ['batchSize', 'microBatchSize', 'epochs'] as const) {
    if (!positiveInt(cfg[k])) throw new Error(`${k} must be a positive integer, got ${cfg[k]}`);
  }
  if (!(Number.isInteger(cfg.seed) && cfg.seed >= 0)) throw new Error(`seed must be a non-negative integer, got ${cfg.seed}`);
  if (!(positiveInt(cfg.maxLen) && cfg.maxLen >= 2)) throw new Error(`maxLen must be an integer ≥ 2, got ${cfg.maxLen}`);
  if (cfg.steps !== undefined && !positiveInt(cfg.steps)) throw new Error(`steps must be a positive integer, got ${cfg.steps}`);
  if (cfg.warmupSteps !== undefined && !(Number.isInteger(cfg.warmupSteps) && cfg.warmupSteps >= 0)) {
    throw new Error(`warmupSteps must be a non-negative integer, got ${cfg.warmupSteps}`);
  }
  return cfg;
}

/** Updates a run takes on `pairs` training pairs (the last short batch of an epoch is dropped). */
export function dpoTotalSteps(cfg: DpoConfig, pairs: number): number {
  return cfg.steps ?? Math.max(1, cfg.epochs * Math.floor(pairs / Math.min(cfg.batchSize, pairs)));
}
