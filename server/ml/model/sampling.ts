// Batched, KV-cached sampling: temperature, top-k, top-p, stop at EOS, per-token log-probs. Rows that finish leave
// the batch (and the cache); random draws are taken row by row in batch order, so a seed reproduces the samples.
import * as tf from '@tensorflow/tfjs';
import type { GPT } from './gpt';
import { KVCache } from './kv-cache';
import { createRng, randomSeed, type Rng } from '../random';
import type { Tokenizer } from './tokenizer';

export interface SampleOptions {
  maxNewTokens: number;
  /** softmax(logits / temperature); default 1. 0 = greedy (log-probs then reported at temperature 1) */
  temperature?: number;
  /** keep the k most likely tokens (after temperature) */
  topK?: number;
  /** then keep the smallest set of most likely tokens whose probability reaches p */
  topP?: number;
  /** same seed, model and prompts ⇒ same samples */
  seed?: number;
  /** stop a row at EOS (the EOS is not returned); default true */
  stopAtEos?: boolean;
}

export interface Sample {
  promptTokens: number[]; // the prompt as the model saw it (left-truncated when prompt + maxNewTokens > blockSize)
  tokens: number[]; // generated, excluding EOS
  text: string; // decode(tokens)
  logprobs: number[]; // per generated token: log softmax(logits / T) at it, before top-k/top-p filtering
  finished: boolean; // hit EOS
}

/** log Σ exp(z) */
function logSumExp(z: Float64Array): number {
  let max = -Infinity;
  for (const v of z) if (v > max) max = v;
  let s = 0;
  for (const v of z) s += Math.exp(v - max);
  return max + Math.log(s);
}

/**
 * Top-k then top-p (nucleus) filtering: returns the logits with every token outside the kept set at −Infinity.
 * Ties at the cut-off are kept. topK ≤ 0 / undefined and topP ≥ 1 / undefined disable the filter.
 */
export function filterLogits(logits: ArrayLike<number>, topK?: number, topP?: number): Float64Array {
  const z = Float64Array.from(logits);
  if (topK !== undefined && topK > 0 && topK < z.length) {
    const kth = Float64Array.from(z).sort()[z.length - topK]; // k-th largest
    for (let i = 0; i < z.length; i++) if (z[i] < kth) z[i] = -Infinity;
  }
  if (topP !== undefined && topP < 1) {
    const lse = logSumExp(z);
    const p = z.map((v) => Math.exp(v - lse));
    const sorted = Float64Array.from(p).sort().reverse(); // descending
    let cum = 0;
    let cutoff = sorted[0];
    for (const q of sorted) {
      cutoff = q;
      cum += q;
      if (cum >= topP) break;
    }
    for (let i = 0; i < z.length; i++) if (p[i] < cutoff) z[i] = -Infinity;
  }
  return z;
}

function argmax(z: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < z.length; i++) if (z[i] > z[best]) best = i;
  return best;
}

/** Draws from softmax(z), given lse = log Σ exp(z). */
function sampleFrom(z: Float64Array, lse: number, rng: Rng): number {
  let u = rng.next();
  for (let i = 0; i < z.length; i++) {
    u -= Math.exp(z[i] - lse);
    if (u < 0) return i;
  }
  return argmax(z); // rounding left a sliver of mass
}

/** Is top-k or top-p on (for a vocabulary of V)? Off, sampling is categorical on logits / T with no sort. */
const filtering = (opts: SampleOptions, V: number) =>
  (opts.topK !== undefined && opts.topK > 0 && opts.topK < V) || (opts.topP !== undefined && opts.topP < 1);

/** One row's next token and its log-prob under logits / T (before top-k/top-p); greedy is the argmax. */
export function pickToken(logits: Float32Array, opts: SampleOptions, rng: Rng): { token: number; logprob: number } {
  const T = opts.temperature ?? 1;
  const z = Float64Array.from(logits, (v) => (T > 0 ? v / T : v));
  const lse = logSumExp(z);
  if (!(T > 0)) {
    const token = argmax(z);
    return { token, logprob: z[token] - lse };
  }
  const kept = filtering(opts, z.length) ? filterLogits(z, opts.topK, opts.topP) : z;
  const token = sampleFrom(kept, kept === z ? lse : logSumExp(kept), rng);
  return { token, logprob: z[token] - lse };
}

/** Logits of the last position [B, V] as one flat array, cache extended by `tokens`. */
export function stepLogits(model: GPT, cache: KVCache, tokens: number[][], mask?: number[][]): Float32Array {
  const last = tf.tidy(() => {
    const ids = tf.tensor2d(tokens, undefined, 'int32'); // [B, T]
    const attentionMask = mask ? (tf.tensor2d(mask, undefined, 'float32') as tf.Tensor2D) : undefined; // [B, T]
    const logits = model.forwardWithCache(ids, cache, { attentionMask }); // [B, T, V]
    const [B, T, V] = logits.shape;
    return tf.reshape(tf.slice(logits, [0, T - 1, 0], [B, 1, V]), [B, V]); // [B, V]
  });
  const data = last.dataSync() as Float32Array;
  last.dispose();
  return data;
}

/**
 * Samples a continuation for every (already rendered) prompt, batched with left padding and a KV cache.
 * Prompts are left-truncated so prompt + maxNewTokens fits blockSize; an empty prompt starts from EOS.
 */
export function generate(model: GPT, tok: Tokenizer, prompts: string[], opts: SampleOptions): Sample[] {
  const { blockSize, vocabSize: V } = model.config;
  const maxNew = Math.max(0, Math.min(opts.maxNewTokens, blockSize - 1));
  const stopAtEos = opts.stopAtEos ?? true;
  const rng = createRng(opts.seed ?? randomSeed());
  const B = prompts.length;
  if (B === 0) return [];

  const promptTokens = prompts.map((p) => {
    const ids = tok.encode(p).slice(-(blockSize - maxNew));
    return ids.length > 0 ? ids : [tok.eosId];
  });
  const samples: Sample[] = promptTokens.map((ids) => ({ promptTokens: ids, tokens: [], text: '', logprobs: [], finished: false }));
  if (maxNew === 0) return samples;

  const Tp = Math.max(...promptTokens.map((ids) => ids.length));
  const padded = promptTokens.map((ids) => [...Array(Tp - ids.length).fill(tok.padId), ...ids]); // [B, Tp]
  const mask = promptTokens.map((ids) => [...Array(Tp - ids.length).fill(0), ...Array(ids.length).fill(1)]); // [B, Tp]

  const cache = new KVCache(model.config, B);
  let active = samples.map((_, b) => b); // the cache's rows, as indices into samples (batch order kept)
  try {
    let logits = stepLogits(model, cache, padded, mask); // [B'·V], one row per active sample
    for (let step = 0; step < maxNew; step++) {
      const next: number[][] = []; // [B'', 1]
      const continuing: number[] = []; // cache rows that go on
      active.forEach((b, row) => {
        const s = samples[b];
        const { token, logprob } = pickToken(logits.subarray(row * V, (row + 1) * V), opts, rng);
        if (stopAtEos && token === tok.eosId) {
          s.finished = true;
          return;
        }
        s.tokens.push(token);
        s.logprobs.push(logprob);
        next.push([token]);
        continuing.push(row);
      });
      if (step === maxNew - 1 || continuing.length === 0) break;
      cache.keepRows(continuing); // finished rows leave the batch: they stop costing compute
      active = continuing.map((row) => active[row]);
      logits = stepLogits(model, cache, next);
    }
  } finally {
    cache.dispose();
  }
  for (const s of samples) s.text = tok.decode(s.tokens);
  return samples;
}
