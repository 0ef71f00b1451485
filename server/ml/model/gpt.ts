// GPT-2: token + learned position embeddings, nLayer pre-LN blocks, final LayerNorm, unembedding tied to wte.
import * as tf from '@tensorflow/tfjs';
import { Block } from './block';
import { type GPTConfig, validateConfig } from './config';
import { gatherRows } from './embedding';
import type { KVCache } from './kv-cache';
import { LayerNorm } from './layer-norm';
import type { Linear } from './linear';
import { matmul } from './matmul';
import { givenWeights, type MakeWeight, randomWeights } from './params';
import { createRng, randomSeed } from '../random';

const BLOCKED = -1e9; // additive attention mask; finite so a fully padded row gives no NaN

export interface GPTOptions {
  /** seed for the random GPT-2 initialisation (N(0, 0.02); residual projections 0.02/√(2·nLayer); LN 1, 0; biases 0) */
  seed?: number;
  /** take every weight from here instead (HF names, row-major data); used by checkpoint loaders */
  weights?: Map<string, Float32Array>;
}

export interface ForwardOptions {
  /** [B, T] 1 = real token, 0 = padding. Padded keys are never attended to and positions count real tokens
   *  only, so left or right padding leaves the real tokens' outputs unchanged. */
  attentionMask?: tf.Tensor2D;
}

export interface LoraOptions {
  rank: number;
  alpha: number;
  /** linear layers to adapt, by suffix: 'attn.c_attn' | 'attn.c_proj' | 'mlp.c_fc' | 'mlp.c_proj' (default the two attention ones) */
  targets?: string[];
  seed?: number;
  /** σ of A's init; default 1/√in */
  std?: number;
}

export const DEFAULT_LORA_TARGETS = ['attn.c_attn', 'attn.c_proj'];

/**
 * Additive attention mask [B|1, 1, T, Tk] for T queries following `past` cached columns:
 * query i sees key j iff j ≤ past + i and keyMask[b, j] = 1.
 */
function attentionMask(keyMask: tf.Tensor2D | null, past: number, T: number): tf.Tensor4D {
  const Tk = past + T;
  const qi = tf.reshape(tf.range(past, Tk, 1, 'int32'), [T, 1]); // [T, 1]
  const kj = tf.reshape(tf.range(0, Tk, 1, 'int32'), [1, Tk]); // [1, Tk]
  let allowed = tf.reshape(tf.cast(tf.lessEqual(kj, qi), 'float32'), [1, 1, T, Tk]); // [1, 1, T, Tk]
  if (keyMask) allowed = tf.mul(allowed, tf.reshape(keyMask, [-1, 1, 1, Tk])); // [B, 1, T, Tk]
  return tf.mul(tf.sub(1, allowed), BLOCKED) as tf.Tensor4D; // [B|1, 1, T, Tk]
}

/** Position ids from a padding mask: real tokens count 0, 1, 2, … after `start`; pads get the clamp. */
function positionsFromMask(mask: tf.Tensor2D, start: tf.Tensor | number): tf.Tensor2D {
  const pos = tf.add(tf.sub(tf.cumsum(mask, 1), 1), start); // [B, T]
  return tf.cast(tf.maximum(pos, 0), 'int32') as tf.Tensor2D; // [B, T]
}

export class GPT {
  readonly config: GPTConfig;
  readonly wte: tf.Variable; // [V, C] token embedding, also the unembedding
  readonly wpe: tf.Variable; // [blockSize, C] position embedding
  readonly h: Block[];
  readonly lnF: LayerNorm;

  constructor(config: GPTConfig, opts: GPTOptions = {}) {
    validateConfig(config);
    this.config = { ...config };
    const { vocabSize: V, blockSize, nLayer, nEmbd: C, layerNormEps } = config;
    const source = opts.weights ? givenWeights(opts.weights) : randomWeights(createRng(opts.seed ?? randomSeed()));
    const created: tf.Variable[] = [];
    const make: MakeWeight = (name, shape, init) => {
      const v = source(name, shape, init);
      created.push(v);
      return v;
    };
    try {
      this.wte = make('wte.weight', [V, C], { std: 0.02 });
      this.wpe = make('wpe.weight', [blockSize, C], { std: 0.02 });
      this.h = Array.from({ length: nLayer }, (_, i) => new Block(`h.${i}`, config, make));
      this.lnF = new LayerNorm('ln_f', C, layerNormEps, make);
    } catch (err) {
      tf.dispose(created); // e.g. a checkpoint missing a weight
      throw err;
    }
  }

  /** Final-LN hidden states [B, T, C] (reward and value heads read these). */
  hidden(tokens: tf.Tensor2D, opts: ForwardOptions = {}): tf.Tensor3D {
    return tf.tidy(() => {
      const [B, T] = tokens.shape;
      this.checkLength(T);
      const mask = opts.attentionMask ?? null;
      const pos = mask
        ? gatherRows(this.wpe as tf.Tensor2D, positionsFromMask(mask, 0)) // [B, T, C]
        : tf.slice(this.wpe, [0, 0], [T, this.config.nEmbd]); // [T, C]
      let x = tf.add(gatherRows(this.wte as tf.Tensor2D, tokens), pos) as tf.Tensor3D; // [B, T, C]
      const attnMask = attentionMask(mask, 0, T); // [B|1, 1, T, T]
      for (const block of this.h) x = block.apply(x, attnMask); // [B, T, C]
      return tf.reshape(this.lnF.apply(x), [B, T, this.config.nEmbd]) as tf.Tensor3D; // [B, T, C]
    });
  }

  /** Next-token logits [B, T, V] for int32 tokens [B, T]. */
  forward(tokens: tf.Tensor2D, opts: ForwardOptions = {}): tf.Tensor3D {
    return tf.tidy(() => this.unembed(this.hidden(tokens, opts)));
  }

  /**
   * Incremental decoding: logits [B, Tnew, V] for tokens [B, Tnew] that follow what `cache` holds; appends
   * their keys/values to the cache. attentionMask [B, Tnew] marks padding (e.g. a left-padded prompt).
   * Inference only: no gradient is meant to flow through it (it skips the custom-gradient wrappers).
   */
  forwardWithCache(tokens: tf.Tensor2D, cache: KVCache, opts: ForwardOptions = {}): tf.Tensor3D {
    return tf.tidy(() => {
      const [B, T] = tokens.shape;
      if (B !== cache.batch) throw new Error(`batch ${B} does not match the cache's ${cache.batch}`);
      this.checkLength(cache.length + T);
      const mask = opts.attentionMask ?? (tf.ones([B, T]) as tf.Tensor2D); // [B, T]
      const start = cache.nextPos ?? 0; // [B, 1]
      const keyMask = (cache.keyMask ? tf.concat([cache.keyMask, mask], 1) : mask) as tf.Tensor2D; // [B, Tk]
      // one unpadded token per row (a decode step): it sees every real cached column and sits at position nextPos
      const decodeStep = T === 1 && !opts.attentionMask && cache.nextPos !== null;
      const attnMask = decodeStep
        ? (tf.reshape(tf.mul(tf.sub(1, keyMask), BLOCKED), [B, 1, 1, cache.length + 1]) as tf.Tensor4D) // [B, 1, 1, Tk]
        : attentionMask(keyMask, cache.length, T); // [B, 1, T, Tk]
      const posIds = decodeStep ? (tf.cast(start, 'int32') as tf.Tensor2D) : positionsFromMask(mask, start); // [B, T]
      // inference only (no gradient flows through the cache): plain gather and matMul, without the custom-gradient
      // wrappers of gatherRows / matmul (~0.25 ms a call on wasm)
      const C = this.config.nEmbd;
      const embed = (table: tf.Variable, idx: tf.Tensor2D) => tf.reshape(tf.gather(table, tf.reshape(idx, [-1])), [B, T, C]); // [B, T, C]
      let x = tf.add(embed(this.wte, tokens), embed(this.wpe, posIds)) as tf.Tensor3D; // [B, T, C]
      this.h.forEach((block, i) => {
        x = block.apply(x, attnMask, cache.layers[i]); // [B, T, C]
      });
      const nextPos = tf.add(start, tf.sum(mask, 1, true)) as tf.Tensor2D; // [B, 1]
      cache.advance(keyMask, nextPos, T);
      const h = tf.reshape(this.lnF.apply(x), [B * T, C]); // [B·T, C]
      return tf.reshape(tf.matMul(h, tf.transpose(this.wte)), [B, T, this.config.vocabSize]) as tf.Tensor3D; // [B, T, V]
    });
  }

  /** Tied unembedding: h [B, T, C] → h wteᵀ [B, T, V] (a value head shares one hidden pass with the logits). */
  unembed(h: tf.Tensor3D): tf.Tensor3D {
    const [B, T, C] = h.shape;
    const logits = matmul(tf.reshape(h, [B * T, C]), this.wte, false, true); // [B·T, V]
    return tf.reshape(logits, [B, T, this.config.vocabSize]) as tf.Tensor3D; // [B, T, V]
  }

  private checkLength(T: number): void {
    if (T > this.config.blockSize) throw new Error(`sequence length ${T} exceeds blockSize ${this.config.blockSize}`);
  }

  private linears(): Linear[] {
    return this.h.flatMap((b) => b.linears());
  }

  /** Base weights by Hugging Face GPT-2 name ('wte.weight', 'h.0.attn.c_attn.weight' [in, out], …, 'ln_f.bias'). */
  namedWeights(): Map<string, tf.Variable> {
    return new Map<string, tf.Variable>([
      ['wte.weight', this.wte],
      ['wpe.weight', this.wpe],
      ...this.h.flatMap((b) => b.weights()),
      ...this.lnF.weights(),
    ]);
  }

  /** LoRA adapters by name ('h.0.attn.c_attn.lora_A' [in, r], '….lora_B' [r, out]); empty when LoRA is off. */
  loraWeights(): Map<string, tf.Variable> {
    return new Map(this.linears().flatMap((l) => l.loraWeights()));
  }

  /** Current LoRA settings, or null. */
  loraConfig(): { rank: number; alpha: number; targets: string[] } | null {
    const adapted = this.linears().filter((l) => l.lora);
    if (adapted.length === 0) return null;
    const { rank, alpha } = adapted[0].lora!;
    const targets = [...new Set(adapted.map((l) => l.name.replace(/^h\.\d+\./, '')))];
    return { rank, alpha, targets };
  }

  /** The variables an optimiser should update: only the LoRA adapters while LoRA is on, else every weight. */
  trainableVariables(): tf.Variable[] {
    const lora = [...this.loraWeights().values()];
    return lora.length > 0 ? lora : [...this.namedWeights().values()];
  }

  /** W x + (α/r)·B A x on the target linears; A ~ N(0, σ²), B = 0 (an exact no-op at first); base frozen. */
  enableLora(opts: LoraOptions): void {
    if (!(opts.rank > 0) || !Number.isInteger(opts.rank)) throw new Error(`LoRA rank must be a positive integer, got ${opts.rank}`);
    const targets = opts.targets ?? DEFAULT_LORA_TARGETS;
    const rng = createRng(opts.seed ?? randomSeed());
    const chosen = this.linears().filter((l) => targets.some((t) => l.name.endsWith(`.${t}`)));
    if (chosen.length === 0) throw new Error(`no linear layer matches LoRA targets ${targets.join(', ')}`);
    for (const l of chosen) l.enableLora(opts.rank, opts.alpha, rng, opts.std);
    for (const v of this.namedWeights().values()) v.trainable = false;
  }

  /** Folds every adapter into its base weight (W ← W + (α/r)·A B), removes the adapters, unfreezes the base. */
  mergeLora(): void {
    for (const l of this.linears()) l.mergeLora();
    for (const v of this.namedWeights().values()) v.trainable = true;
  }

  /** Independent copy (same config, weights and LoRA adapters), e.g. a frozen reference policy. */
  clone(): GPT {
    const weights = new Map<string, Float32Array>();
    for (const [name, v] of this.namedWeights()) weights.set(name, v.dataSync() as Float32Array);
    const copy = new GPT(this.config, { weights });
    const lora = this.loraConfig();
    if (lora) {
      copy.enableLora({ rank: lora.rank, alpha: lora.alpha, targets: lora.targets, seed: 0 });
      const mine = this.loraWeights();
      for (const [name, v] of copy.loraWeights()) v.assign(mine.get(name)!);
    }
    return copy;
  }

  dispose(): void {
    for (const v of this.loraWeights().values()) v.dispose();
    for (const v of this.namedWeights().values()) v.dispose();
  }
}

/** log p(tokens[:, t+1] | tokens[:, ≤t]) under softmax(logits / temperature): logits [B, T, V] → [B, T−1]. */
export function tokenLogProbs(logits: tf.Tensor3D, tokens: tf.Tensor2D, temperature = 1): tf.Tensor2D {
  return tf.tidy(() => {
    const [B, T, V] = logits.shape;
    const scaled = tf.div(tf.slice(logits, [0, 0, 0], [B, T - 1, V]), temperature); // [B, T-1, V]
    const logp = tf.logSoftmax(scaled); // [B, T-1, V]
    const next = tf.slice(tokens, [0, 1], [B, T - 1]); // [B, T-1]
    const onehot = tf.oneHot(tf.cast(next, 'int32') as tf.Tensor2D, V); // [B, T-1, V]
    return tf.sum(tf.mul(logp, onehot), -1) as tf.Tensor2D; // [B, T-1]
  });
}
