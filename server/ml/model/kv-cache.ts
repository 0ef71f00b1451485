// Key/value cache for incremental decoding: per layer K, V [B, nh, T, hs], plus which cached columns are real
// tokens (left padding) and each row's next position id.
import * as tf from '@tensorflow/tfjs';
import type { GPTConfig } from './config';

export class LayerCache {
  k: tf.Tensor4D | null = null; // [B, nh, T, hs]
  v: tf.Tensor4D | null = null; // [B, nh, T, hs]

  /** Appends the new keys/values along T and returns the full K, V. Stored copies survive tf.tidy. */
  append(k: tf.Tensor4D, v: tf.Tensor4D): [tf.Tensor4D, tf.Tensor4D] {
    const kAll = this.k ? tf.concat([this.k, k], 2) : k; // [B, nh, Tpast + T, hs]
    const vAll = this.v ? tf.concat([this.v, v], 2) : v; // [B, nh, Tpast + T, hs]
    this.k?.dispose();
    this.v?.dispose();
    this.k = tf.keep(kAll);
    this.v = tf.keep(vAll);
    return [kAll, vAll];
  }

  dispose(): void {
    this.k?.dispose();
    this.v?.dispose();
    this.k = this.v = null;
  }
}

export class KVCache {
  readonly layers: LayerCache[];
  /** cached columns (same for every row, padding included) */
  length = 0;
  /** [B, length] 1 = real token, 0 = padding */
  keyMask: tf.Tensor2D | null = null;
  /** [B, 1] position id of each row's next real token (= real tokens cached so far) */
  nextPos: tf.Tensor2D | null = null;

  constructor(
    readonly config: GPTConfig,
    readonly batch: number,
  ) {
    this.layers = Array.from({ length: config.nLayer }, () => new LayerCache());
  }

  /** Records T new columns; called by GPT.forwardWithCache after every layer has appended. */
  advance(keyMask: tf.Tensor2D, nextPos: tf.Tensor2D, T: number): void {
    this.keyMask?.dispose();
    this.nextPos?.dispose();
    this.keyMask = tf.keep(keyMask);
    this.nextPos = tf.keep(nextPos);
    this.length += T;
  }

  dispose(): void {
    for (const layer of this.layers) layer.dispose();
    this.keyMask?.dispose();
    this.nextPos?.dispose();
    this.keyMask = this.nextPos = null;
    this.length = 0;
  }
}
