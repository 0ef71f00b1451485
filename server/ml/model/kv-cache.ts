// Key/value cache for incremental decoding: per layer the cached keys and values, plus which cached columns are real
// tokens (left padding) and each row's next position id.
//
// A layer's columns are a long settled stretch plus a short recent one: a decode step appends to the recent one
// only (≤ RECENT_COLUMNS columns), and the whole cache is copied once per RECENT_COLUMNS steps instead of at every
// step. Settled values are kept transposed, Vᵀ [B, nh, hs, T], so that one-query attention reduces them over the
// last axis (the wasm backend transposes for any other axis); recent values stay [B, nh, T, hs], where appending a
// column is cheap (along the last axis the wasm Concat copies row by row: B·nh·hs pieces).
import * as tf from '@tensorflow/tfjs';
import type { GPTConfig } from './config';

/** Columns the recent stretch collects before it joins the settled one. */
const RECENT_COLUMNS = 16;

export interface SettledColumns {
  k: tf.Tensor4D; // [B, nh, Ts, hs]
  vT: tf.Tensor4D; // [B, nh, hs, Ts]
}

export interface RecentColumns {
  k: tf.Tensor4D; // [B, nh, Tr, hs]
  v: tf.Tensor4D; // [B, nh, Tr, hs]
}

const transposeLast = (t: tf.Tensor4D) => tf.transpose(t, [0, 1, 3, 2]) as tf.Tensor4D; // [a, b, c, d] → [a, b, d, c]

export class LayerCache {
  settled: SettledColumns | null = null;
  recent: RecentColumns | null = null;

  /** Appends keys and values [B, nh, T, hs]. Stored tensors survive tf.tidy. */
  append(k: tf.Tensor4D, v: tf.Tensor4D): void {
    if (!this.settled || k.shape[2] > 1) {
      // a prompt (or the first column): everything cached becomes settled
      const { k: kAll, v: vAll } = this.all(); // [B, nh, Tk, hs]
      const kNew = kAll ? tf.concat([kAll, k], 2) : k; // [B, nh, Tk + T, hs]
      const vNew = vAll ? tf.concat([vAll, v], 2) : v; // [B, nh, Tk + T, hs]
      this.replace({ k: kNew as tf.Tensor4D, vT: transposeLast(vNew as tf.Tensor4D) }, null);
      return;
    }
    const recent = this.recent ? { k: tf.concat([this.recent.k, k], 2), v: tf.concat([this.recent.v, v], 2) } : { k, v }; // [B, nh, Tr + 1, hs]
    if (recent.k.shape[2] < RECENT_COLUMNS) {
      this.replace(this.settled, recent as RecentColumns);
      return;
    }
    this.replace(
      {
        k: tf.concat([this.settled.k, recent.k], 2), // [B, nh, Ts + Tr, hs]
        vT: tf.concat([this.settled.vT, transposeLast(recent.v as tf.Tensor4D)], 3), // [B, nh, hs, Ts + Tr]
      },
      null,
    );
  }

  /** Every cached column: K, V [B, nh, Tk, hs] (null when empty). */
  all(): { k: tf.Tensor4D | null; v: tf.Tensor4D | null } {
    if (!this.settled) return { k: null, v: null };
    const v = transposeLast(this.settled.vT); // [B, nh, Ts, hs]
    if (!this.recent) return { k: this.settled.k, v };
    return { k: tf.concat([this.settled.k, this.recent.k], 2), v: tf.concat([v, this.recent.v], 2) };
  }

  /** Keeps these rows (int32 indices) of every cached tensor. */
  gatherRows(index: tf.Tensor1D): void {
    const take = <T extends object>(s: T | null): T | null =>
      s && (Object.fromEntries(Object.entries(s).map(([name, t]) => [name, tf.gather(t as tf.Tensor, index, 0)])) as T);
    this.replace(take(this.settled), take(this.recent));
  }

  dispose(): void {
    this.replace(null, null);
  }

  /** Stores new tensors (kept past tf.tidy) and disposes the old ones no longer stored. */
  private replace(settled: SettledColumns | null, recent: RecentColumns | null): void {
    const tensors = (a: object | null, b: object | null) => [a, b].flatMap((s) => (s ? (Object.values(s) as tf.Tensor[]) : []));
    const kept = tensors(settled, recent);
    for (const t of tensors(this.settled, this.recent)) if (!kept.includes(t)) t.dispose();
    for (const t of kept) tf.keep(t);
    this.settled = settled;
    this.recent = recent;
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
    /** rows; shrinks when keepRows drops finished ones */
    public batch: number,
  ) {
    this.layers = Array.from({ length: config.nLayer }, () => new LayerCache());
  }

  /** Keeps only these rows (indices into the current batch, in the order given): finished rows stop costing compute. */
  keepRows(rows: number[]): void {
    if (rows.length === this.batch && rows.every((r, i) => r === i)) return;
    const index = tf.tensor1d(rows, 'int32'); // [B']
    const take = <T extends tf.Tensor>(t: T | null): T | null => {
      if (!t) return null;
      const kept = tf.keep(tf.gather(t, index, 0)) as T; // [B', ...]
      t.dispose();
      return kept;
    };
    for (const layer of this.layers) layer.gatherRows(index);
    this.keyMask = take(this.keyMask);
    this.nextPos = take(this.nextPos);
    index.dispose();
    this.batch = rows.length;
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
