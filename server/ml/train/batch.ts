import * as tf from '@tensorflow/tfjs';

/** One tokenised sequence. `lossMask[t] = 1` when token t is a target the loss should count. */
export interface TokenRow {
  tokens: number[];
  lossMask?: number[]; // [all ones]
}

export interface PaddedBatch {
  tokens: tf.Tensor2D; // [B, T] int32, right-padded with padId
  attentionMask: tf.Tensor2D; // [B, T] float32, 1 = real token
  responseMask: tf.Tensor2D; // [B, T] float32, the rows' lossMask (0 on padding)
  lengths: number[]; // real length of each row
}

/**
 * Right-pads rows to the longest one (or truncates to `maxLen`, keeping each row's start).
 * The caller owns the returned tensors (tf.dispose(batch) frees them all).
 */
export function padBatch(rows: TokenRow[], padId: number, maxLen = Number.POSITIVE_INFINITY): PaddedBatch {
  const B = rows.length;
  const T = Math.max(1, Math.min(maxLen, Math.max(...rows.map((r) => r.tokens.length))));
  const tokens = new Int32Array(B * T).fill(padId);
  const attention = new Float32Array(B * T);
  const response = new Float32Array(B * T);
  const lengths: number[] = [];
  rows.forEach((row, b) => {
    const n = Math.min(T, row.tokens.length);
    lengths.push(n);
    for (let t = 0; t < n; t++) {
      tokens[b * T + t] = row.tokens[t];
      attention[b * T + t] = 1;
      response[b * T + t] = row.lossMask ? row.lossMask[t] : 1;
    }
  });
  return {
    tokens: tf.tensor2d(tokens, [B, T], 'int32'),
    attentionMask: tf.tensor2d(attention, [B, T]),
    responseMask: tf.tensor2d(response, [B, T]),
    lengths,
  };
}
