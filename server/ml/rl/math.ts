// Pure helpers of the policy-gradient trainers (DESIGN.md §4 "PPO", "Vanilla policy gradient"). Per-sample
// quantities are plain arrays (one number per response); per-token ones are tensors [B, T-1] with a response mask.
import * as tf from '@tensorflow/tfjs';
import { maskedMean, maskedSum } from '../train/masked';

export { maskedMean, maskedSum };

/** Masked variance Σ mask·(x − μ)² / Σ mask, with μ the masked mean (the biased estimate, like TRL's default). */
export function maskedVar(x: tf.Tensor, mask: tf.Tensor): tf.Scalar {
  return tf.tidy(() => maskedMean(tf.square(tf.sub(x, maskedMean(x, mask))), mask) as tf.Scalar);
}

/** (x − μ) / √(σ² + 1e-8) over the masked entries (μ added back when !shiftMean); 0 outside the mask. */
export function maskedWhiten(x: tf.Tensor, mask: tf.Tensor, shiftMean = true): tf.Tensor {
  return tf.tidy(() => {
    const mean = maskedMean(x, mask);
    const whitened = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(maskedVar(x, mask), 1e-8)));
    return tf.mul(shiftMean ? whitened : tf.add(whitened, mean), mask);
  });
}

/** Per-token KL estimator k1 = log π − log π_ref (unbiased, can be negative). [B, T-1] → [B, T-1] */
export function klK1(logp: tf.Tensor, refLogp: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.sub(logp, refLogp));
}

/** Per-token KL estimator k3 = (r − 1) − log r with r = π_ref / π (unbiased, ≥ 0; Schulman's "approx KL"). */
export function klK3(logp: tf.Tensor, refLogp: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const logR = tf.sub(refLogp, logp); // log r
    return tf.sub(tf.sub(tf.exp(logR), 1), logR);
  });
}

/**
 * RLOO (Ahmadian et al. 2024): rewards of P prompts × k samples, grouped per prompt ([p0s0, p0s1, …, p1s0, …]);
 * A_i = r_i − mean_{j≠i} r_j = k/(k−1) · (r_i − mean_j r_j).
 */
export function rlooAdvantages(rewards: readonly number[], k: number): number[] {
  if (!(Number.isInteger(k) && k >= 2)) throw new Error(`RLOO needs k ≥ 2 samples per prompt, got ${k}`);
  if (rewards.length % k !== 0) throw new Error(`${rewards.length} rewards are not groups of ${k}`);
  const out: number[] = [];
  for (let g = 0; g < rewards.length; g += k) {
    const group = rewards.slice(g, g + k);
    const sum = group.reduce((a, b) => a + b, 0);
    for (const r of group) out.push(r - (sum - r) / (k - 1));
  }
  return out;
}

/** REINFORCE with a baseline: A_i = r_i − b. */
export function baselineAdvantages(rewards: readonly number[], baseline: number): number[] {
  return rewards.map((r) => r - baseline);
}

export const mean = (xs: readonly number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

/**
 * Baseline b for REINFORCE: the current batch's mean reward ('batch_mean'), or an exponential moving average of
 * past batches' means ('moving_average': b ← decay·b + (1 − decay)·mean(r), read BEFORE this batch updates it;
 * the first batch uses its own mean).
 */
export class Baseline {
  private ema: number | null = null;

  constructor(
    readonly kind: 'batch_mean' | 'moving_average',
    readonly decay = 0.9,
  ) {}

  /** The baseline for `rewards`, then folds them into the average. */
  next(rewards: readonly number[]): number {
    const m = mean(rewards);
    if (this.kind === 'batch_mean') return m;
    const b = this.ema ?? m;
    this.ema = this.decay * b + (1 - this.decay) * m;
    return b;
  }
}

/**
 * Generalised advantage estimation over one response (Schulman et al. 2016), the episode ending after its last
 * token (V after it = 0): δ_t = r_t + γ·V_{t+1} − V_t, A_t = δ_t + γλ·A_{t+1}; returns R_t = A_t + V_t.
 */
export function gae(rewards: readonly number[], values: readonly number[], gamma: number, lambda: number): { advantages: number[]; returns: number[] } {
  if (rewards.length !== values.length) throw new Error(`gae: ${rewards.length} rewards but ${values.length} values`);
  const n = rewards.length;
  const advantages = new Array<number>(n);
  let next = 0; // A_{t+1}
  for (let t = n - 1; t >= 0; t--) {
    const delta = rewards[t] + gamma * (t + 1 < n ? values[t + 1] : 0) - values[t];
    next = delta + gamma * lambda * next;
    advantages[t] = next;
  }
  return { advantages, returns: advantages.map((a, t) => a + values[t]) };
}

/** Whitens every number of every row together: (x − μ) / √(σ² + 1e-8), σ² the biased variance (maskedWhiten's). */
export function whitenRows(rows: readonly (readonly number[])[], shiftMean = true): number[][] {
  const flat = rows.flat();
  const mu = mean(flat);
  const scale = 1 / Math.sqrt(mean(flat.map((x) => (x - mu) ** 2)) + 1e-8);
  return rows.map((row) => row.map((x) => (x - mu) * scale + (shiftMean ? 0 : mu)));
}

/**
 * The KL coefficient β: fixed, or adaptive as in Ziegler et al. 2019 — after a batch of n samples with mean KL,
 * e = clip(KL / target − 1, −0.2, 0.2) and β ← β·(1 + e·n / horizon).
 */
export class KlController {
  constructor(
    public value: number,
    readonly adaptive?: { target: number; horizon: number },
  ) {}

  update(kl: number, n: number): number {
    if (!this.adaptive) return this.value;
    const e = Math.min(0.2, Math.max(-0.2, kl / this.adaptive.target - 1));
    this.value *= 1 + (e * n) / this.adaptive.horizon;
    return this.value;
  }
}
