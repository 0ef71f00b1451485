// Per-token log-probs of GIVEN token ids under a policy, recomputed by one full forward pass over prompt + response
// (+ EOS when the response finished). The sampler's own log-probs are not used: it drops the EOS and reports the
// distribution before top-k/top-p. Shared by RLOO/REINFORCE, PPO, TRPO and DPO.
import * as tf from '@tensorflow/tfjs';

/** One rollout: the prompt as the model saw it and the generated ids. */
export interface Sequence {
  prompt: number[]; // ids, ≥ 1
  response: number[]; // generated ids, EOS excluded
  finished: boolean; // ended with EOS: it is appended and scored like a response token
}

// type aliases, not interfaces: tf.dispose() takes them as tensor containers
export type PackedSequences = {
  tokens: tf.Tensor2D; // [B, T] int32: prompt ++ response (++ EOS), padded with padId
  attentionMask: tf.Tensor2D; // [B, T] 1 = real token, 0 = padding
  responseMask: tf.Tensor2D; // [B, T-1] 1 where target t+1 is a response token or its EOS; 0 on prompt and padding
};

/** What the forward pass needs from a model (GPT satisfies it). */
export interface LogitsModel {
  forward(tokens: tf.Tensor2D, opts?: { attentionMask?: tf.Tensor2D }): tf.Tensor3D; // [B, T] → [B, T, V]
}

/**
 * Pads sequences into one batch (left padding: rows end together; right: rows start together). The model's
 * attention mask and padding-aware positions make both give each real row the same values. The caller owns the
 * tensors (tf.dispose(packed)).
 */
export function packSequences(
  seqs: readonly Sequence[],
  ids: { padId: number; eosId: number },
  padding: 'left' | 'right' = 'right',
): PackedSequences {
  if (seqs.length === 0) throw new Error('packSequences: no sequences');
  const rows = seqs.map((s) => {
    if (s.prompt.length === 0) throw new Error('packSequences: empty prompt');
    const response = s.finished ? [...s.response, ids.eosId] : s.response;
    return { tokens: [...s.prompt, ...response], promptLen: s.prompt.length };
  });
  const B = rows.length;
  const T = Math.max(2, ...rows.map((r) => r.tokens.length));
  const tokens = new Int32Array(B * T).fill(ids.padId);
  const attention = new Float32Array(B * T);
  const response = new Float32Array(B * (T - 1));
  rows.forEach((r, b) => {
    const offset = padding === 'left' ? T - r.tokens.length : 0;
    r.tokens.forEach((id, i) => {
      const t = offset + i;
      tokens[b * T + t] = id;
      attention[b * T + t] = 1;
      if (i >= r.promptLen) response[b * (T - 1) + t - 1] = 1; // target at t is predicted at t − 1
    });
  });
  return {
    tokens: tf.tensor2d(tokens, [B, T], 'int32'),
    attentionMask: tf.tensor2d(attention, [B, T]),
    responseMask: tf.tensor2d(response, [B, T - 1]),
  };
}

/** Tokens of a sequence's packed row: prompt, response and the EOS when it finished. */
export const rowLength = (s: Sequence): number => s.prompt.length + s.response.length + (s.finished ? 1 : 0);

/**
 * Consecutive row ranges [start, end) for forward/backward passes: at most `maxRows` rows and, beyond a range's
 * first row, at most `maxTokens` padded tokens (rows × the range's longest row). A gradient pass keeps every
 * layer's activations until its backward pass, so its memory grows with the padded tokens, not the rows: on the
 * starter, 32 rows of 139 tokens peak at 2.5 GB of tensors, and the wasm heap stops at 4 GB.
 */
export function microBatches(seqs: readonly Sequence[], maxRows: number, maxTokens: number): [number, number][] {
  const out: [number, number][] = [];
  let start = 0;
  let longest = 0;
  for (let i = 0; i < seqs.length; i++) {
    const next = Math.max(longest, rowLength(seqs[i]));
    if (i > start && (i - start >= maxRows || (i - start + 1) * next > maxTokens)) {
      out.push([start, i]);
      start = i;
      longest = rowLength(seqs[i]);
    } else longest = next;
  }
  if (seqs.length > start) out.push([start, seqs.length]);
  return out;
}

export type TokenLogProbs = {
  logprobs: tf.Tensor2D; // [B, T-1] log softmax(logits_t / temperature)[token_{t+1}], 0 outside the response mask
  entropy: tf.Tensor2D; // [B, T-1] −Σ_v p log p of that distribution, 0 outside the response mask
};

/** Log-probs (and entropies) of the packed tokens under `model` at `temperature`; differentiable. */
export function sequenceLogProbs(model: LogitsModel, batch: PackedSequences, temperature = 1): TokenLogProbs {
  return tf.tidy(() => logProbsOfLogits(model.forward(batch.tokens, { attentionMask: batch.attentionMask }), batch, temperature));
}

/** The same from logits [B, T, V] already computed over batch.tokens (e.g. sharing a hidden pass with a value head). */
export function logProbsOfLogits(logits: tf.Tensor3D, batch: PackedSequences, temperature = 1): TokenLogProbs {
  if (!(temperature > 0)) throw new Error(`temperature must be > 0, got ${temperature}`);
  return tf.tidy(() => {
    const [B, T, V] = logits.shape;
    const logp = tf.logSoftmax(tf.div(tf.slice(logits, [0, 0, 0], [B, T - 1, V]), temperature)); // [B, T-1, V]
    const next = tf.slice(batch.tokens, [0, 1], [B, T - 1]); // [B, T-1]
    // one-hot, not gather: the wasm backend has no gradient kernel for gather
    const picked = tf.sum(tf.mul(logp, tf.oneHot(next, V)), -1); // [B, T-1]
    const entropy = tf.neg(tf.sum(tf.mul(tf.exp(logp), logp), -1)); // [B, T-1]
    const mask = batch.responseMask; // [B, T-1]
    return { logprobs: tf.mul(picked, mask) as tf.Tensor2D, entropy: tf.mul(entropy, mask) as tf.Tensor2D };
  });
}

/**
 * Same, without gradients and in chunks of `batchSize` rows, as plain per-row arrays (response tokens only, in
 * order, EOS last when finished). For rollouts' old/reference log-probs and metrics.
 */
export function responseLogProbs(
  model: LogitsModel,
  seqs: readonly Sequence[],
  ids: { padId: number; eosId: number },
  opts: { temperature?: number; batchSize?: number } = {},
): { logprobs: number[][]; entropy: number[][] } {
  const size = opts.batchSize ?? 32;
  const logprobs: number[][] = [];
  const entropy: number[][] = [];
  for (let start = 0; start < seqs.length; start += size) {
    const chunk = seqs.slice(start, start + size);
    const batch = packSequences(chunk, ids, 'right');
    const out = sequenceLogProbs(model, batch, opts.temperature ?? 1);
    const [lp, ent] = [out.logprobs.arraySync(), out.entropy.arraySync()];
    tf.dispose([batch, out]);
    chunk.forEach((s, b) => {
      const from = s.prompt.length - 1; // the first response token is predicted at the last prompt position
      const n = s.response.length + (s.finished ? 1 : 0);
      logprobs.push(lp[b].slice(from, from + n));
      entropy.push(ent[b].slice(from, from + n));
    });
  }
  return { logprobs, entropy };
}
