// Test helpers for the model core: tiny tensors, comparisons, and a model whose logits are a fixed vector.
import * as tf from '@tensorflow/tfjs';
import { GPT } from '../../../server/ml/model/gpt';
import type { GPTConfig } from '../../../server/ml/model/config';

export function ids(rows: number[][]): tf.Tensor2D {
  return tf.tensor2d(rows, undefined, 'int32');
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} ≠ ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** A GPT whose next-token logits are `logits` at every position (ln_f outputs e₀, wte[:, 0] = logits). */
export function constantLogitsModel(cfg: GPTConfig, logits: number[], seed = 0): GPT {
  const model = new GPT(cfg, { seed });
  const { vocabSize: V, nEmbd: C } = cfg;
  tf.tidy(() => {
    const w = model.namedWeights();
    w.get('ln_f.weight')!.assign(tf.zeros([C]));
    w.get('ln_f.bias')!.assign(tf.tensor1d(Array.from({ length: C }, (_, i) => (i === 0 ? 1 : 0))));
    const wte = model.wte.arraySync() as number[][];
    for (let v = 0; v < V; v++) wte[v][0] = logits[v];
    model.wte.assign(tf.tensor2d(wte));
  });
  return model;
}
