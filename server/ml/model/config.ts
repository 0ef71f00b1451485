// Model hyper-parameters (GPT-2 naming) and the presets the project uses.

export interface GPTConfig {
  vocabSize: number; // V: tokenizer vocabulary (100 for the char tokenizer, 50257 for GPT-2 BPE)
  blockSize: number; // maximum context length (rows of wpe)
  nLayer: number; // transformer blocks
  nHead: number; // attention heads; nEmbd % nHead === 0
  nEmbd: number; // C: residual width
  layerNormEps: number; // 1e-5 like GPT-2
}

/** Vocabulary size of `charTokenizer()`, used by the small presets. */
export const CHAR_VOCAB_SIZE = 100;

export const PRESETS = {
  /** tiny model for tests: ~30k parameters */
  nano: { vocabSize: CHAR_VOCAB_SIZE, blockSize: 32, nLayer: 2, nHead: 2, nEmbd: 32, layerNormEps: 1e-5 },
  /** the shipped starter policy (char tokenizer): ~1.8M parameters */
  starter: { vocabSize: CHAR_VOCAB_SIZE, blockSize: 256, nLayer: 4, nHead: 4, nEmbd: 192, layerNormEps: 1e-5 },
  /** GPT-2 small (124M) shape, GPT-2 BPE tokenizer */
  gpt2: { vocabSize: 50257, blockSize: 1024, nLayer: 12, nHead: 12, nEmbd: 768, layerNormEps: 1e-5 },
} as const satisfies Record<string, GPTConfig>;

export type PresetName = keyof typeof PRESETS;

/** Number of weights (tied unembedding counted once): 124,439,808 for the gpt2 preset. */
export function countParams(cfg: GPTConfig): number {
  const C = cfg.nEmbd;
  const perBlock =
    2 * C + // ln_1
    (C * 3 * C + 3 * C) + // attn.c_attn
    (C * C + C) + // attn.c_proj
    2 * C + // ln_2
    (C * 4 * C + 4 * C) + // mlp.c_fc
    (4 * C * C + C); // mlp.c_proj
  return cfg.vocabSize * C + cfg.blockSize * C + cfg.nLayer * perBlock + 2 * C;
}

export function validateConfig(cfg: GPTConfig): void {
  for (const k of ['vocabSize', 'blockSize', 'nLayer', 'nHead', 'nEmbd'] as const) {
    if (!Number.isInteger(cfg[k]) || cfg[k] <= 0) throw new Error(`GPTConfig.${k} must be a positive integer, got ${cfg[k]}`);
  }
  if (cfg.nEmbd % cfg.nHead !== 0) throw new Error(`nEmbd (${cfg.nEmbd}) must be divisible by nHead (${cfg.nHead})`);
  if (!(cfg.layerNormEps > 0)) throw new Error(`layerNormEps must be > 0, got ${cfg.layerNormEps}`);
}
