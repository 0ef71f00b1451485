// Held-out metrics of a reward model on preference pairs: pairwise accuracy (overall and by strength), rank
// loss, and the spread of its raw rewards.
import type { PreferencePair } from './dataset';
import { encodeForReward, type RewardModel } from './model';
import { rawRewards } from './score';

/** An encoded pair: token rows of (prompt, chosen) and (prompt, rejected), and the word prior's score of each answer. */
export interface EncodedPair {
  chosen: number[];
  rejected: number[];
  margin: number;
  strength: number;
  priorChosen: number; // 0 without a word prior
  priorRejected: number;
}

export function encodePairs(rm: RewardModel, pairs: PreferencePair[], maxLen: number): EncodedPair[] {
  return pairs.map((p) => {
    const [priorChosen, priorRejected] = rm.priorOffsets([p.chosen, p.rejected]) ?? [0, 0];
    return {
      chosen: encodeForReward(rm.tokenizer, p.prompt, p.chosen, maxLen),
      rejected: encodeForReward(rm.tokenizer, p.prompt, p.rejected, maxLen),
      margin: p.margin,
      strength: p.strength,
      priorChosen,
      priorRejected,
    };
  });
}

const logSigmoid = (x: number) => (x >= 0 ? -Math.log1p(Math.exp(-x)) : x - Math.log1p(Math.exp(x)));
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/**
 * `eval/accuracy` (ensemble-mean r_w > r_l), `eval/accuracy_strength_{0..3}` (for the strengths present),
 * `eval/loss` (rank loss with margins, mean over heads and pairs), `rm/reward_mean`, `rm/reward_std` (raw
 * rewards of every chosen and rejected row), `rm/margin` (mean r_w − r_l), and with a word prior
 * `eval/accuracy_prior` (the prior alone).
 */
export function evaluatePairs(rm: RewardModel, pairs: EncodedPair[], batchSize = 16): Record<string, number> {
  if (pairs.length === 0) return {};
  const offsets = rm.prior ? pairs.flatMap((p) => [p.priorChosen, p.priorRejected]) : undefined;
  const perHead = rawRewards(rm, pairs.flatMap((p) => [p.chosen, p.rejected]), batchSize, offsets); // [2N][K]
  const diffs: number[] = [];
  const losses: number[] = [];
  const rewards: number[] = [];
  pairs.forEach((p, i) => {
    const [w, l] = [perHead[2 * i], perHead[2 * i + 1]];
    diffs.push(mean(w) - mean(l));
    losses.push(mean(w.map((rw, k) => -logSigmoid(rw - l[k] - p.margin))));
    rewards.push(mean(w), mean(l));
  });
  const correct = diffs.map((d) => (d > 0 ? 1 : 0));
  const m: Record<string, number> = { 'eval/accuracy': mean(correct), 'eval/loss': mean(losses) };
  for (let s = 0; s <= 3; s++) {
    const idx = pairs.flatMap((p, i) => (p.strength === s ? [i] : []));
    if (idx.length > 0) m[`eval/accuracy_strength_${s}`] = mean(idx.map((i) => correct[i]));
  }
  const rMean = mean(rewards);
  m['rm/reward_mean'] = rMean;
  m['rm/reward_std'] = Math.sqrt(mean(rewards.map((r) => (r - rMean) ** 2)));
  m['rm/margin'] = mean(diffs);
  if (rm.prior) m['eval/accuracy_prior'] = mean(pairs.map((p) => (p.priorChosen > p.priorRejected ? 1 : 0))); // the prior alone
  return m;
}
