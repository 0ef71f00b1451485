// Reward model: a GPT trunk (final-LN hidden states) + K scalar heads w_k ∈ R^C, no bias, read at the last
// real token of each right-padded row: r_k(x, y) = h_last · w_k. K = 1 is the plain reward model; K > 1 an
// ensemble of heads (score = mean, uncertainty = std). With a word prior (word-prior.ts) every head's reward
// gets the prior's score of the response added: r_k(x, y) = h_last · w_k + u · φ(y). Scores are reported after
// normalisation: gain·r + bias.
import * as tf from '@tensorflow/tfjs';
import { encodeExample, type Message } from '../model/chat-template';
import type { GPT } from '../model/gpt';
import { createRng } from '../random';
import type { Tokenizer } from '../model/tokenizer';
import { priorScore, type WordPrior } from './word-prior';

/** score = gain · r + bias, fitted so that reference-policy samples score mean 0, std 1 (normalise.ts). */
export interface Normalisation {
  gain: number;
  bias: number;
}

export const IDENTITY_NORMALISATION: Normalisation = { gain: 1, bias: 0 };

export interface RewardModelOptions {
  ensemble?: number; // K heads [1]
  headSeed?: number; // head k ~ N(0, 1/(C+1)) from seed headSeed + k [0]
  heads?: Float32Array; // [C, K] row-major: take these instead (checkpoints)
  normalisation?: Normalisation;
  maxLen?: number; // tokens per row when scoring [the trunk's blockSize]; training sets it to its own
  prior?: WordPrior; // [none] training fits one when its config asks for it
}

/** A (prompt, response) row as the reward model reads it: chat template + EOS, cut to maxLen. */
export function encodeForReward(tok: Tokenizer, prompt: string | Message[], response: string, maxLen: number): number[] {
  return encodeExample(tok, prompt, response, maxLen).tokens;
}

export class RewardModel {
  readonly heads: tf.Variable; // [C, K]
  normalisation: Normalisation;
  maxLen: number;
  prior: WordPrior | null;

  constructor(
    readonly trunk: GPT,
    readonly tokenizer: Tokenizer,
    opts: RewardModelOptions = {},
  ) {
    const C = trunk.config.nEmbd;
    const K = opts.ensemble ?? 1;
    if (!(Number.isInteger(K) && K > 0)) throw new Error(`ensemble must be a positive integer, got ${K}`);
    let data = opts.heads;
    if (data && data.length !== C * K) throw new Error(`heads: expected ${C * K} values for [${C}, ${K}], got ${data.length}`);
    if (!data) {
      data = new Float32Array(C * K);
      const std = 1 / Math.sqrt(C + 1);
      for (let k = 0; k < K; k++) {
        const rng = createRng((opts.headSeed ?? 0) + k);
        for (let c = 0; c < C; c++) data[c * K + k] = rng.normal() * std;
      }
    }
    this.heads = tf.variable(tf.tensor2d(data, [C, K]));
    this.normalisation = { ...(opts.normalisation ?? IDENTITY_NORMALISATION) };
    this.maxLen = Math.min(opts.maxLen ?? trunk.config.blockSize, trunk.config.blockSize);
    this.prior = opts.prior ?? null;
  }

  /** The word prior's score of each response (the offsets `rewards` adds); undefined without a prior. */
  priorOffsets(responses: readonly string[]): number[] | undefined {
    const prior = this.prior;
    return prior ? responses.map((r) => priorScore(prior, r)) : undefined;
  }

  get ensemble(): number {
    return this.heads.shape[1] as number;
  }

  get blockSize(): number {
    return this.trunk.config.blockSize;
  }

  /**
   * Raw rewards [B, K] of right-padded int32 rows [B, T] with real lengths `lengths`. Right padding and causal
   * attention leave every real position untouched, so no attention mask is needed. `offsets` [B] (the word
   * prior's scores of the rows' responses, `priorOffsets`) are added to every head; they carry no gradient.
   */
  rewards(tokens: tf.Tensor2D, lengths: number[], offsets?: readonly number[]): tf.Tensor2D {
    return tf.tidy((): tf.Tensor2D => {
      const T = tokens.shape[1];
      const h = this.trunk.hidden(tokens); // [B, T, C]
      const last = tf.oneHot(tf.tensor1d(lengths.map((n) => n - 1), 'int32'), T); // [B, T]
      const hLast = tf.sum(tf.mul(h, tf.expandDims(last, 2)), 1) as tf.Tensor2D; // [B, C]
      const r: tf.Tensor2D = tf.matMul(hLast, this.heads); // [B, K]
      return offsets ? tf.add<tf.Tensor2D>(r, tf.tensor2d(offsets as number[], [offsets.length, 1])) : r;
    });
  }

  /** Every weight training updates: the trunk's (its LoRA adapters while LoRA is on) and the heads. */
  trainableVariables(): tf.Variable[] {
    return [...this.trunk.trainableVariables(), this.heads];
  }

  dispose(): void {
    this.heads.dispose();
    this.trunk.dispose();
  }
}
