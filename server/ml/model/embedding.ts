import * as tf from '@tensorflow/tfjs';

/**
 * table[ids] — rows of a 2-D table, differentiable w.r.t. the table on every backend, to any order.
 * tf.gather's gradient needs UnsortedSegmentSum, which the wasm backend lacks; this one scatter-adds instead
 * (scatterND sums duplicate ids), and the scatter's own gradient is a gather again (double backprop for TRPO).
 * table [N, C], ids int32 [...S] → [...S, C]
 */
export function gatherRows(table: tf.Tensor2D, ids: tf.Tensor): tf.Tensor {
  const [N, C] = table.shape;
  const lookup = tf.customGrad((t, save) => {
    const flat = tf.reshape(ids, [-1]); // [n]
    (save as tf.GradSaveFunc)([flat]);
    const value = tf.reshape(tf.gather(t as tf.Tensor2D, flat), [...ids.shape, C]); // [...S, C]
    const gradFunc = (dy: tf.Tensor, [savedIds]: tf.Tensor[]) => scatterAddRows(tf.reshape(dy, [-1, C]), savedIds, N); // [N, C]
    return { value, gradFunc };
  });
  return lookup(table);
}

/** out[ids[i]] += updates[i]: updates [n, C], ids int32 [n] → [N, C]; gradient w.r.t. updates is a gather. */
function scatterAddRows(updates: tf.Tensor, ids: tf.Tensor, N: number): tf.Tensor {
  const C = updates.shape[1]!;
  const scatter = tf.customGrad((u, save) => {
    (save as tf.GradSaveFunc)([ids]);
    const value = tf.scatterND(tf.expandDims(ids, 1), u as tf.Tensor, [N, C]); // [N, C]
    const gradFunc = (dy: tf.Tensor, [savedIds]: tf.Tensor[]) => gatherRows(dy as tf.Tensor2D, savedIds); // [n, C]
    return { value, gradFunc };
  });
  return scatter(updates);
}
