// Pre-LN transformer block: x = x + attn(ln_1(x)); x = x + mlp(ln_2(x)).
import * as tf from '@tensorflow/tfjs';
import { CausalSelfAttention } from './attention';
import type { GPTConfig } from './config';
import type { LayerCache } from './kv-cache';
import { LayerNorm } from './layer-norm';
import type { Linear } from './linear';
import { MLP } from './mlp';
import type { MakeWeight } from './params';

export class Block {
  readonly ln1: LayerNorm;
  readonly attn: CausalSelfAttention;
  readonly ln2: LayerNorm;
  readonly mlp: MLP;

  constructor(readonly name: string, cfg: GPTConfig, make: MakeWeight) {
    this.ln1 = new LayerNorm(`${name}.ln_1`, cfg.nEmbd, cfg.layerNormEps, make);
    this.attn = new CausalSelfAttention(`${name}.attn`, cfg, make);
    this.ln2 = new LayerNorm(`${name}.ln_2`, cfg.nEmbd, cfg.layerNormEps, make);
    this.mlp = new MLP(`${name}.mlp`, cfg, make);
  }

  /** x [B, T, C], mask [B|1, 1, T, Tk] → [B, T, C] */
  apply(x: tf.Tensor3D, mask: tf.Tensor4D, cache?: LayerCache): tf.Tensor3D {
    x = tf.add(x, this.attn.apply(this.ln1.apply(x) as tf.Tensor3D, mask, cache)); // [B, T, C]
    x = tf.add(x, this.mlp.apply(this.ln2.apply(x) as tf.Tensor3D)); // [B, T, C]
    return x;
  }

  linears(): Linear[] {
    return [...this.attn.linears(), ...this.mlp.linears()];
  }

  weights(): [string, tf.Variable][] {
    const w: [string, tf.Variable][] = [...this.ln1.weights(), ...this.attn.cAttn.weights(), ...this.attn.cProj.weights()];
    return [...w, ...this.ln2.weights(), ...this.mlp.cFc.weights(), ...this.mlp.cProj.weights()];
  }
}
