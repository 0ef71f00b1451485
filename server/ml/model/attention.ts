// Causal multi-head self-attention: softmax(q kᵀ / √hs + mask) v, heads concatenated, then c_proj.
import * as tf from '@tensorflow/tfjs';
import type { GPTConfig } from './config';
import type { LayerCache } from './kv-cache';
import { Linear } from './linear';
import { matmul } from './matmul';
import type { MakeWeight } from './params';

export class CausalSelfAttention {
  readonly cAttn: Linear; // C → 3C (q, k, v)
  readonly cProj: Linear; // C → C
  readonly nHead: number;

  constructor(name: string, cfg: GPTConfig, make: MakeWeight) {
    this.nHead = cfg.nHead;
    this.cAttn = new Linear(`${name}.c_attn`, cfg.nEmbd, 3 * cfg.nEmbd, make);
    // GPT-2: residual projections scaled by 1/√(2·nLayer)
    this.cProj = new Linear(`${name}.c_proj`, cfg.nEmbd, cfg.nEmbd, make, 0.02 / Math.sqrt(2 * cfg.nLayer));
  }

  /**
   * x [B, T, C]; mask [B|1, 1, T, Tk] additive (0 = attend, −1e9 = blocked); cache: past K, V of this layer,
   * extended in place (then Tk = Tpast + T).
   */
  apply(x: tf.Tensor3D, mask: tf.Tensor4D, cache?: LayerCache): tf.Tensor3D {
    const [B, T, C] = x.shape;
    const nh = this.nHead;
    const hs = C / nh;
    // [B, T, nh, hs] → [B, nh, T, hs]; for T = 1 the same memory, so a reshape
    const heads = (t: tf.Tensor) => (T === 1 ? tf.reshape(t, [B, nh, 1, hs]) : tf.transpose(tf.reshape(t, [B, T, nh, hs]), [0, 2, 1, 3])) as tf.Tensor4D;
    const [q0, k0, v0] = tf.split(project(this.cAttn, x, !!cache), 3, 2); // 3 × [B, T, C]
    const q = heads(q0); // [B, nh, T, hs]
    const k = heads(k0); // [B, nh, T, hs]
    const v = heads(v0); // [B, nh, T, hs]
    let y: tf.Tensor4D; // [B, nh, T, hs]
    if (!cache) y = attention(q, k, v, mask);
    else {
      cache.append(k, v);
      if (T === 1) y = oneQueryAttention(q, cache, mask);
      else {
        const all = cache.all();
        y = attention(q, all.k!, all.v!, mask); // over K, V [B, nh, Tk, hs]
      }
    }
    const merged = T === 1 ? tf.reshape(y, [B, 1, C]) : tf.reshape(tf.transpose(y, [0, 2, 1, 3]), [B, T, C]); // [B, T, C]
    return project(this.cProj, merged, !!cache) as tf.Tensor3D; // [B, T, C]
  }

  linears(): Linear[] {
    return [this.cAttn, this.cProj];
  }
}

/**
 * linear(x); with a KV cache (inference only: no gradient flows through the cache) as a plain x W + b, without
 * matmul()'s custom-gradient wrapper, which costs ~0.25 ms a call on wasm — a few ms per decode step. LoRA: as usual.
 */
function project(linear: Linear, x: tf.Tensor, inference: boolean): tf.Tensor {
  if (!inference || linear.lora) return linear.apply(x);
  const x2 = tf.reshape(x, [-1, linear.inFeatures]); // [N, in]
  const y = tf.add(tf.matMul(x2, linear.weight), linear.bias); // [N, out]
  return tf.reshape(y, [...x.shape.slice(0, -1), linear.outFeatures]); // [..., out]
}

/** softmax(q kᵀ / √hs + mask) v for q [B, nh, T, hs], k, v [B, nh, Tk, hs], mask [B|1, 1, T, Tk] → [B, nh, T, hs] */
function attention(q: tf.Tensor4D, k: tf.Tensor4D, v: tf.Tensor4D, mask: tf.Tensor4D): tf.Tensor4D {
  const hs = q.shape[3];
  const scores = tf.add(tf.mul(matmul(q, k, false, true), 1 / Math.sqrt(hs)), mask); // [B, nh, T, Tk]
  const att = tf.softmax(scores); // [B, nh, T, Tk]
  return matmul(att, v) as tf.Tensor4D; // [B, nh, T, hs]
}

/**
 * The same for one query per row (KV-cached decoding, T = 1), as broadcast products reduced over an axis: a few
 * elementwise kernels over the whole batch. As matmuls these are B·nh separate [1, hs]·[hs, Tk] products, which the
 * wasm backend runs one at a time at ~70 µs each (~80 % of a batch-32 decode step of the starter before this).
 * q [B, nh, 1, hs], mask [B|1, 1, 1, Tk] with Tk = Ts + Tr (the cache's settled and recent columns) → [B, nh, 1, hs]
 */
function oneQueryAttention(q: tf.Tensor4D, cache: LayerCache, mask: tf.Tensor4D): tf.Tensor4D {
  const [B, nh, , hs] = q.shape;
  const { settled, recent } = cache;
  if (!settled) throw new Error('oneQueryAttention: empty cache');
  const qs = tf.mul(q, 1 / Math.sqrt(hs)); // [B, nh, 1, hs]
  const Ts = settled.k.shape[2];
  const Tr = recent ? recent.k.shape[2] : 0;
  const sSettled = tf.sum(tf.mul(qs, settled.k), 3); // [B, nh, Ts]
  const scores = recent ? tf.concat([sSettled, tf.sum(tf.mul(qs, recent.k), 3)], 2) : sSettled; // [B, nh, Tk]
  const att = tf.softmax(tf.add(tf.reshape(scores, [B, nh, 1, Ts + Tr]), mask)); // [B, nh, 1, Tk]
  if (!recent) return tf.reshape(tf.sum(tf.mul(att, settled.vT), 3), [B, nh, 1, hs]) as tf.Tensor4D; // [B, nh, 1, hs]
  const [aSettled, aRecent] = tf.split(att, [Ts, Tr], 3); // [B, nh, 1, Ts], [B, nh, 1, Tr]
  const ySettled = tf.sum(tf.mul(aSettled, settled.vT), 3); // [B, nh, hs]
  const yRecent = tf.sum(tf.mul(tf.reshape(aRecent, [B, nh, Tr, 1]), recent.v), 2); // [B, nh, hs]
  return tf.reshape(tf.add(ySettled, yRecent), [B, nh, 1, hs]) as tf.Tensor4D; // [B, nh, 1, hs]
}
