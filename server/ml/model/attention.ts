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
    const heads = (t: tf.Tensor) => tf.transpose(tf.reshape(t, [B, T, nh, hs]), [0, 2, 1, 3]) as tf.Tensor4D; // [B, nh, T, hs]
    const [q0, k0, v0] = tf.split(this.cAttn.apply(x), 3, 2); // 3 × [B, T, C]
    const q = heads(q0); // [B, nh, T, hs]
    let k = heads(k0); // [B, nh, T, hs]
    let v = heads(v0); // [B, nh, T, hs]
    if (cache) [k, v] = cache.append(k, v); // [B, nh, Tk, hs]
    const scores = tf.add(tf.mul(matmul(q, k, false, true), 1 / Math.sqrt(hs)), mask); // [B, nh, T, Tk]
    const att = tf.softmax(scores); // [B, nh, T, Tk]
    const y = matmul(att, v); // [B, nh, T, hs]
    const merged = tf.reshape(tf.transpose(y, [0, 2, 1, 3]), [B, T, C]); // [B, T, C]
    return this.cProj.apply(merged) as tf.Tensor3D; // [B, T, C]
  }

  linears(): Linear[] {
    return [this.cAttn, this.cProj];
  }
}
