// One batch of PPO/TRPO experience (DESIGN.md §4 "PPO"): 1. rollout  2. score  3. log-probs of policy and frozen
// reference + values, by a full forward pass over the sampled ids with logits / T  4. per-token rewards: −β·k1 at
// every response token, the score at the last  5. GAE  6. advantages whitened over the batch's response tokens.
// Per-token arrays hold the response tokens in order, EOS last when the response finished.
import * as tf from '@tensorflow/tfjs';
import type { Sample } from '../model/sampling';
import type { Tokenizer } from '../model/tokenizer';
import { type PackedSequences, packSequences, responseLogProbs, type Sequence } from './logprobs';
import { gae, mean, whitenRows } from './math';
import type { PolicyWithValue } from './policy-value';
import type { ReferencePolicy } from './reference';
import type { RewardFn, RlPrompt } from './reward-fn';
import { type GivenRollout, sampleRollouts, toSequence } from './rollout';

export interface ExperienceOptions {
  temperature: number; // rollouts sample softmax(logits / T); log-probs use the same T
  maxNewTokens: number;
  rolloutBatchSize: number; // rows per generate() call
  evalBatchSize: number; // rows per no-grad forward pass (log-probs, values)
  klCoef: number; // β of this batch
  missingEosPenalty: number; // added to the score of a response that hit maxNewTokens without EOS
  gamma: number;
  lambda: number;
  whitenAdvantages: boolean;
  seed: number;
}

export interface Experience {
  prompts: RlPrompt[]; // one per sample
  samples: Sample[];
  seqs: Sequence[];
  scores: number[]; // reward function + missing-EOS penalty, per sample
  oldLogprobs: number[][]; // per response token, the rollout policy's
  refLogprobs: number[][];
  entropy: number[][];
  values: number[][]; // V_old(s_t)
  rewards: number[][]; // −β·k1, + score at the last token
  advantages: number[][]; // GAE, whitened when asked
  returns: number[][]; // GAE advantages (before whitening) + V_old
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/** Per-row slices of [B, T-1] arrays at the response positions of right-padded `seqs`. */
function responseSlices(matrix: number[][], seqs: readonly Sequence[]): number[][] {
  return seqs.map((s, b) => {
    const from = s.prompt.length - 1; // the first response token is predicted at the last prompt position
    return matrix[b].slice(from, from + s.response.length + (s.finished ? 1 : 0));
  });
}

/** Old log-probs, entropies and values, without gradients, in chunks. */
function evaluateNoGrad(model: PolicyWithValue, seqs: readonly Sequence[], ids: { padId: number; eosId: number }, T: number, size: number) {
  const out = { logprobs: [] as number[][], entropy: [] as number[][], values: [] as number[][] };
  for (let start = 0; start < seqs.length; start += size) {
    const chunk = seqs.slice(start, start + size);
    const batch = packSequences(chunk, ids, 'right');
    const r = model.evaluate(batch, T);
    out.logprobs.push(...responseSlices(r.logprobs.arraySync(), chunk));
    out.entropy.push(...responseSlices(r.entropy.arraySync(), chunk));
    out.values.push(...responseSlices(r.values.arraySync(), chunk));
    tf.dispose([batch, r]);
  }
  return out;
}

export function collectExperience(
  model: PolicyWithValue,
  reference: ReferencePolicy,
  tok: Tokenizer,
  prompts: readonly RlPrompt[],
  reward: RewardFn,
  o: ExperienceOptions,
  given?: GivenRollout, // sampled by a rollout worker during the previous step (one step off-policy)
): { experience: Experience; metrics: Record<string, number> } {
  const ids = { padId: tok.padId, eosId: tok.eosId };
  const t0 = performance.now();
  // 1. rollout
  const samples =
    given?.samples ??
    sampleRollouts(model.policy, tok, prompts.map((p) => p.prompt), {
      temperature: o.temperature,
      maxNewTokens: o.maxNewTokens,
      batchSize: o.rolloutBatchSize,
      seed: o.seed,
    });
  const seqs = samples.map(toSequence);
  const t1 = performance.now();
  const rolloutS = given?.seconds ?? (t1 - t0) / 1000;
  // 2. score
  const raw = reward(prompts, samples.map((s) => s.text));
  const scores = raw.map((r, i) => r + (samples[i].finished ? 0 : o.missingEosPenalty));
  const t2 = performance.now();
  // 3. log-probs and values (no gradients)
  const pi = evaluateNoGrad(model, seqs, ids, o.temperature, o.evalBatchSize);
  const ref = responseLogProbs(reference, seqs, ids, { temperature: o.temperature, batchSize: o.evalBatchSize });
  // 4. per-token rewards
  const kl = pi.logprobs.map((lp, i) => lp.map((x, t) => x - ref.logprobs[i][t])); // k1
  const rewards = kl.map((k, i) => k.map((x, t) => -o.klCoef * x + (t === k.length - 1 ? scores[i] : 0)));
  // 5. GAE   6. whiten
  const estimates = rewards.map((r, i) => gae(r, pi.values[i], o.gamma, o.lambda));
  const rawAdv = estimates.map((e) => e.advantages);
  const advantages = o.whitenAdvantages ? whitenRows(rawAdv) : rawAdv;
  const t3 = performance.now();

  const experience: Experience = {
    prompts: [...prompts],
    samples,
    seqs,
    scores,
    oldLogprobs: pi.logprobs,
    refLogprobs: ref.logprobs,
    entropy: pi.entropy,
    values: pi.values,
    rewards,
    advantages,
    returns: estimates.map((e) => e.returns),
  };
  const klPerSeq = kl.map(sum);
  const tokens = sum(seqs.map((s) => s.response.length));
  const metrics = {
    'objective/scores': mean(scores),
    'objective/kl': mean(klPerSeq), // Σ_t k1 per response
    'objective/rlhf_reward': mean(rewards.map(sum)), // score − β·KL
    'objective/entropy': mean(pi.entropy.flat()), // per token
    'objective/value_mean': mean(pi.values.flat()),
    'val/finished_frac': samples.filter((s) => s.finished).length / samples.length,
    'val/response_len': tokens / samples.length,
    'time/rollout_s': rolloutS,
    'time/rollout_wait_s': given?.waitS ?? rolloutS, // how long this step waited for its rollout
    'time/score_s': (t2 - t1) / 1000,
    'time/logprobs_s': (t3 - t2) / 1000,
    rollout_tokens_per_s: tokens / rolloutS,
  };
  return { experience, metrics };
}

/** Experience rows as tensors aligned with the packed batch's response mask [B, T-1]; the caller disposes. */
export type ExperienceBatch = {
  batch: PackedSequences;
  oldLogprobs: tf.Tensor2D; // [B, T-1]
  refLogprobs: tf.Tensor2D;
  oldValues: tf.Tensor2D;
  advantages: tf.Tensor2D;
  returns: tf.Tensor2D;
};

export function packExperience(exp: Experience, rows: readonly number[], ids: { padId: number; eosId: number }): ExperienceBatch {
  const seqs = rows.map((i) => exp.seqs[i]);
  const batch = packSequences(seqs, ids, 'right');
  const [B, T] = batch.tokens.shape;
  const place = (perToken: number[][]) => {
    const out = new Float32Array(B * (T - 1));
    rows.forEach((i, b) => {
      const from = exp.seqs[i].prompt.length - 1;
      perToken[i].forEach((x, t) => {
        out[b * (T - 1) + from + t] = x;
      });
    });
    return tf.tensor2d(out, [B, T - 1]);
  };
  return {
    batch,
    oldLogprobs: place(exp.oldLogprobs),
    refLogprobs: place(exp.refLogprobs),
    oldValues: place(exp.values),
    advantages: place(exp.advantages),
    returns: place(exp.returns),
  };
}
