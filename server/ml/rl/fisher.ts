// TRPO's curvature (DESIGN.md §4 "TRPO"): the Fisher-vector product (F + damping·I)·v, F the Hessian at θ = θ_old
// of the mean KL(π_old ‖ π_θ) over a batch's response tokens (full next-token distributions, not a sampled
// estimate). At θ_old that Hessian is the Fisher information Σ_k p_k ∇log p_k ∇log p_kᵀ = Jᵀ(diag p − ppᵀ)J per
// token, J = ∂(logits / T)/∂θ.
//
// Method: finite differences, not double backprop (tfjs's custom gradients — gather, fused matmul, the wasm
// kernels — have no second derivative through the whole GPT). Of the two finite-difference forms,
//   (a) F·v ≈ (∇KL(θ_old + εv) − ∇KL(θ_old − εv)) / 2ε            (2 forward + 2 backward passes)
//   (b) F·v = Jᵀ(diag p − ppᵀ)(J·v), J·v ≈ (z(θ_old + εv) − z(θ_old − εv)) / 2ε   (2 forward + 1 backward)
// this file uses (b): the softmax's curvature is exact and only the network's logits are differenced, so longer
// probes stay accurate (starter policy, along the gradient: vᵀFv is 0.06 % below its limit at ‖εv‖ = 3e-3 and
// 0.7 % at 1e-2, where (a) is 3.6 % and 26 % low), and it costs one backward pass less. ε = probe / ‖v‖: the
// probe's length in weight space is fixed [3e-3; float32 rounding grows below ~1e-3] — CG's directions concentrate
// on few weights, so a length relative to ‖θ‖ would be far too long for a large model. The weights are restored by
// assigning saved copies of θ_old (bit-identical afterwards, never θ + εv − εv).
import * as tf from '@tensorflow/tfjs';
import type { LogitsModel, PackedSequences } from './logprobs';

/** Gradients (keyed by variable name, as tf.variableGrads returns them) as one flat vector in `vars` order. */
export function flatten(grads: tf.NamedTensorMap, vars: readonly tf.Variable[]): Float32Array {
  const out = new Float32Array(vars.reduce((n, v) => n + v.size, 0));
  let offset = 0;
  for (const v of vars) {
    const g = grads[v.name];
    if (g) out.set(g.dataSync(), offset); // a variable the loss does not reach has gradient 0
    offset += v.size;
  }
  return out;
}

/** A flat vector as tensors shaped like `vars`; the caller disposes them. */
export function unflatten(flat: Float32Array, vars: readonly tf.Variable[]): tf.Tensor[] {
  const total = vars.reduce((n, v) => n + v.size, 0);
  if (flat.length !== total) throw new Error(`unflatten: ${flat.length} numbers for ${total} weights`);
  let offset = 0;
  return vars.map((v) => {
    const t = tf.tensor(flat.subarray(offset, offset + v.size), v.shape);
    offset += v.size;
    return t;
  });
}

/** Value and flat gradient of `f` (run inside tf.tidy) w.r.t. `vars`. */
export function flatGradient(f: () => tf.Scalar, vars: readonly tf.Variable[]): { value: number; grad: Float32Array } {
  const { value, grads } = tf.variableGrads(() => tf.tidy(f), [...vars]);
  const out = { value: value.dataSync()[0], grad: flatten(grads, vars) };
  tf.dispose([value, grads]);
  return out;
}

/** Saved copies of θ_old: move the weights to θ_old + α·d and back, exactly. */
export class WeightSnapshot {
  private readonly saved: tf.Tensor[];
  readonly size: number; // number of weights

  constructor(readonly vars: readonly tf.Variable[]) {
    this.saved = vars.map((v) => tf.clone(v));
    this.size = vars.reduce((n, v) => n + v.size, 0);
  }

  /** θ ← θ_old + α·d */
  moveTo(d: Float32Array, alpha: number): void {
    const parts = unflatten(d, this.vars);
    tf.tidy(() => {
      this.vars.forEach((v, i) => {
        v.assign(tf.add(this.saved[i], tf.mul(parts[i], alpha)));
      });
    });
    tf.dispose(parts);
  }

  /** θ ← θ_old, bit for bit. */
  restore(): void {
    this.vars.forEach((v, i) => {
      v.assign(this.saved[i]);
    });
  }

  dispose(): void {
    tf.dispose(this.saved);
  }
}

/** logits / T of every next-token distribution: [B, T] tokens → [B, T-1, V]; differentiable. */
export function nextTokenLogits(model: LogitsModel, batch: PackedSequences, temperature: number): tf.Tensor3D {
  return tf.tidy(() => {
    const logits = model.forward(batch.tokens, { attentionMask: batch.attentionMask }); // [B, T, V]
    const [B, T, V] = logits.shape;
    return tf.div(tf.slice(logits, [0, 0, 0], [B, T - 1, V]), temperature) as tf.Tensor3D; // [B, T-1, V]
  });
}

/** log softmax(logits / T) of every next-token distribution: [B, T] tokens → [B, T-1, V]; differentiable. */
export function nextTokenLogProbs(model: LogitsModel, batch: PackedSequences, temperature: number): tf.Tensor3D {
  return tf.tidy(() => tf.logSoftmax(nextTokenLogits(model, batch, temperature)) as tf.Tensor3D); // [B, T-1, V]
}

/** Σ over the masked tokens of KL(π_old ‖ π) = Σ_v p_old (log p_old − log p); logp's [B, T-1, V], mask [B, T-1]. */
export function klSum(oldLogp: tf.Tensor3D, logp: tf.Tensor3D, mask: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => {
    const perToken = tf.sum(tf.mul(tf.exp(oldLogp), tf.sub(oldLogp, logp)), -1); // [B, T-1]
    return tf.sum(tf.mul(perToken, mask)) as tf.Scalar;
  });
}

/** A batch and its next-token log-probs at θ_old (kept: B·(T−1)·V floats, small for the 100-symbol char vocabulary). */
export type KlChunk = { batch: PackedSequences; oldLogp: tf.Tensor3D };

export const responseTokens = (chunks: readonly KlChunk[]): number =>
  chunks.reduce((n, c) => n + tf.tidy(() => tf.sum(c.batch.responseMask).dataSync()[0]), 0);

/** Mean KL(π_old ‖ π_θ) over all chunks' response tokens at the current weights (no gradient). */
export function meanKl(model: LogitsModel, chunks: readonly KlChunk[], temperature: number, tokens = responseTokens(chunks)): number {
  const total = chunks.reduce((s, c) => s + tf.tidy(() => klSum(c.oldLogp, nextTokenLogProbs(model, c.batch, temperature), c.batch.responseMask).dataSync()[0]), 0);
  return total / tokens;
}

export interface FvpOptions {
  damping: number; // added as damping·v [TRPO's cgDamping]
  temperature: number; // π = softmax(logits / T)
  probe?: number; // ‖εv‖: how far the finite-difference probe moves the weights [3e-3]
  tokens?: number; // response tokens of all chunks, if known
}

/**
 * (F + damping·I)·v at θ_old = the snapshot, F the mean over the chunks' response tokens of Jᵀ(diag p − ppᵀ)J:
 * 1. J·v by central differences of the logits   2. times diag p − ppᵀ per token (p = π_old), masked, / tokens
 * 3. Jᵀ(·) by one backward pass at θ_old. The weights are back at θ_old, exactly, before step 2.
 */
export function fisherVectorProduct(model: LogitsModel, weights: WeightSnapshot, chunks: readonly KlChunk[], v: Float32Array, o: FvpOptions): Float32Array {
  const out = new Float32Array(v.length);
  const vNorm = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
  if (vNorm === 0) return out;
  const eps = (o.probe ?? 3e-3) / vNorm;
  const n = o.tokens ?? responseTokens(chunks);
  // 1. J·v ≈ (z(θ_old + εv) − z(θ_old − εv)) / 2ε
  let plus: tf.Tensor3D[] = [];
  let minus: tf.Tensor3D[] = [];
  try {
    weights.moveTo(v, eps);
    plus = chunks.map((c) => nextTokenLogits(model, c.batch, o.temperature));
    weights.moveTo(v, -eps);
    minus = chunks.map((c) => nextTokenLogits(model, c.batch, o.temperature));
  } finally {
    weights.restore();
  }
  chunks.forEach((c, i) => {
    // 2. u = mask · (diag p − ppᵀ)·Jv / n
    const u = tf.tidy(() => {
      const jv = tf.div(tf.sub(plus[i], minus[i]), 2 * eps); // [B, T-1, V]
      const p = tf.exp(c.oldLogp); // [B, T-1, V]
      const hjv = tf.mul(p, tf.sub(jv, tf.sum(tf.mul(p, jv), -1, true))); // [B, T-1, V]
      return tf.mul(hjv, tf.expandDims(tf.div(c.batch.responseMask, n), -1)); // [B, T-1, V]
    });
    // 3. Jᵀu = ∇θ Σ z(θ)·u at θ_old
    const { grad } = flatGradient(() => tf.sum(tf.mul(nextTokenLogits(model, c.batch, o.temperature), u)) as tf.Scalar, weights.vars);
    u.dispose();
    for (let k = 0; k < out.length; k++) out[k] += grad[k];
  });
  tf.dispose([plus, minus]);
  for (let k = 0; k < out.length; k++) out[k] += o.damping * v[k];
  return out;
}
