// Judging a new reward model against the active one on the SAME held-out pairs: the accuracy stored with each
// version was measured on the held-out pairs of its own day, so stored figures are not comparable.
import { loadRewardModel } from './checkpoint';
import type { PreferencePair } from './dataset';
import { encodePairs, evaluatePairs } from './evaluate';

/** A reward model checkpoint's accuracy on held-out pairs (null without any). */
export async function heldoutAccuracy(dir: string, pairs: PreferencePair[]): Promise<number | null> {
  if (pairs.length === 0) return null;
  const { rm } = await loadRewardModel(dir);
  try {
    return evaluatePairs(rm, encodePairs(rm, pairs, rm.maxLen))['eval/accuracy'] ?? null;
  } finally {
    rm.dispose();
  }
}
