// Which pair of a prompt's K samples the reward model is least sure about (DESIGN.md §4: an ensemble of K heads →
// uncertainty = the spread of their scores, used by the queue to ask first what the model knows least). For a
// preference the spread that matters is that of the score difference: |gain| · std_k (r_k(a) − r_k(b)).
import type { Message } from '../model/chat-template';
import { encodeForReward, type RewardModel } from './model';
import { rawRewards } from './score';

const std = (xs: number[]) => {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / xs.length);
};

/** |gain| · std over heads of r_k(a) − r_k(b); 0 with one head. */
export function preferenceUncertainty(headsA: readonly number[], headsB: readonly number[], gain: number): number {
  return Math.abs(gain) * std(headsA.map((r, k) => r - headsB[k]));
}

/** The pair of distinct texts with the largest preference uncertainty (first on ties), or null when all are equal. */
export function mostUncertainPair(texts: readonly string[], perHead: readonly number[][], gain: number): { pair: [number, number]; uncertainty: number } | null {
  let best: { pair: [number, number]; uncertainty: number } | null = null;
  for (let i = 0; i < texts.length; i++)
    for (let j = i + 1; j < texts.length; j++) {
      if (texts[i] === texts[j]) continue;
      const u = preferenceUncertainty(perHead[i], perHead[j], gain);
      if (!best || u > best.uncertainty) best = { pair: [i, j], uncertainty: u };
    }
  return best;
}

/** Raw per-head rewards [N][K] of responses[i] to prompts[i]. */
export function headRewards(rm: RewardModel, prompts: readonly (string | Message[])[], responses: readonly string[]): number[][] {
  const rows = prompts.map((p, i) => encodeForReward(rm.tokenizer, p, responses[i], rm.maxLen));
  return rawRewards(rm, rows, undefined, rm.priorOffsets(responses));
}
