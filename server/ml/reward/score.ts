// Reward-model scores of (prompt, response) pairs, batched: raw per-head rewards, and the normalised score
// (+ ensemble uncertainty) every consumer (queue, PPO, best-of-n, the admin route) gets.
import * as tf from '@tensorflow/tfjs';
import type { Message } from '../model/chat-template';
import { padBatch } from '../train/batch';
import { encodeForReward, type RewardModel } from './model';

const DEFAULT_BATCH = 16;

/** Raw rewards [N][K] of already encoded rows (+ their word-prior offsets), `batchSize` rows per forward pass. */
export function rawRewards(rm: RewardModel, rows: number[][], batchSize = DEFAULT_BATCH, offsets?: readonly number[]): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < rows.length; i += batchSize) {
    const batch = padBatch(rows.slice(i, i + batchSize).map((tokens) => ({ tokens })), rm.tokenizer.padId);
    const r = rm.rewards(batch.tokens, batch.lengths, offsets?.slice(i, i + batchSize)); // [b, K]
    out.push(...(r.arraySync() as number[][]));
    tf.dispose([r, batch.tokens, batch.attentionMask, batch.responseMask]);
  }
  return out;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const std = (xs: number[]) => {
  const m = mean(xs);
  return Math.sqrt(mean(xs.map((x) => (x - m) ** 2)));
};

/** Ensemble mean of each row's heads: the raw scalar reward. */
export const headMean = (perHead: number[][]): number[] => perHead.map(mean);

export interface Scores {
  scores: number[]; // gain · mean_k r_k + bias
  uncertainty?: number[]; // gain · std_k r_k (ensembles only)
}

export interface ScoreOptions {
  batchSize?: number; // [16]
}

/** Normalised scores of responses[i] to prompts[i]. */
export function scoreTexts(rm: RewardModel, prompts: (string | Message[])[], responses: string[], opts: ScoreOptions = {}): Scores {
  if (prompts.length !== responses.length) throw new Error(`${prompts.length} prompts but ${responses.length} responses`);
  const rows = prompts.map((p, i) => encodeForReward(rm.tokenizer, p, responses[i], rm.maxLen));
  const perHead = rawRewards(rm, rows, opts.batchSize, rm.priorOffsets(responses));
  const { gain, bias } = rm.normalisation;
  const scores = headMean(perHead).map((r) => gain * r + bias);
  return rm.ensemble > 1 ? { scores, uncertainty: perHead.map((r) => Math.abs(gain) * std(r)) } : { scores };
}
