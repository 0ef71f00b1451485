// Supervised fine-tuning hyper-parameters. Defaults in brackets; the shipped starter recipe overrides some
// (see scripts/train-starter.ts). The same config drives next-token pretraining (server/ml/pretrain).

export interface LoraSettings {
  rank: number; // r [8]
  alpha: number; // scale α/r [16]
}

export interface SftConfig {
  // optimisation
  lr: number; // peak learning rate of Adam [3e-4]; LoRA usually wants ~10x more
  batchSize: number; // sequences per step [16]
  epochs: number; // passes over the data when `steps` is unset [1]
  steps?: number; // total optimizer steps; overrides `epochs`
  warmupSteps?: number; // linear warmup [5 % of the steps]
  schedule: 'cosine' | 'linear'; // decay after warmup [cosine]
  minLrRatio: number; // final lr = minLrRatio · lr [0.1]
  maxGradNorm: number; // clip by global norm [1.0]
  // data
  maxLen: number; // tokens per sequence; longer examples are cut (chat-template rules) [256]
  // adapters: when set, the base weights stay frozen and only LoRA adapters train
  lora?: LoraSettings;
  // evaluation
  evalEvery: number; // held-out loss every N steps, and at the end; 0 = only at the end [50]
  seed: number; // batch order [0]
}

export const SFT_DEFAULTS: SftConfig = {
  lr: 3e-4,
  batchSize: 16,
  epochs: 1,
  schedule: 'cosine',
  minLrRatio: 0.1,
  maxGradNorm: 1.0,
  maxLen: 256,
  evalEvery: 50,
  seed: 0,
};

export function sftConfig(overrides: Partial<SftConfig> = {}): SftConfig {
  const cfg = { ...SFT_DEFAULTS, ...overrides };
  if (!(cfg.lr > 0)) throw new Error(`lr must be > 0, got ${cfg.lr}`);
  if (!(Number.isInteger(cfg.batchSize) && cfg.batchSize > 0)) throw new Error(`batchSize must be a positive integer`);
  if (cfg.steps !== undefined && !(Number.isInteger(cfg.steps) && cfg.steps > 0))
    throw new Error(`steps must be a positive integer, got ${cfg.steps}`);
  if (cfg.lora && !(cfg.lora.rank > 0 && cfg.lora.alpha > 0)) throw new Error('lora rank and alpha must be > 0');
  return cfg;
}

/** Optimizer steps a run will take on `examples` examples. */
export function totalSteps(cfg: SftConfig, examples: number): number {
  return cfg.steps ?? Math.max(1, cfg.epochs * Math.floor(examples / Math.min(cfg.batchSize, examples)));
}
