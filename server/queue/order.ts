import { randomInt } from 'node:crypto';
import type { QueueSettings, ShownOrder } from '../../shared/schemas/queue';
import type { Store } from '../store';

/** Uniform in [0, 1). */
export type Uniform = () => number;

/** The server's draws: crypto, so an annotator cannot predict which pair is gold or which side is which. */
export const serverUniform: Uniform = () => randomInt(2 ** 47) / 2 ** 47;

/**
 * Up to n comparison ids for this user, in queue priority order:
 * a gold pair when one is drawn → eval pairs → train pairs (each by uncertainty, priority, age; see candidates.ts).
 */
export function pickComparisons(store: Store, userId: number, n: number, settings: QueueSettings, random = serverUniform): number[] {
  const gold = goldDrawn(settings.goldRate, n, random) && !store.candidates.holdsGoldLease(userId) ? store.candidates.nextGold(userId) : [];
  return gold.length >= n ? gold : [...gold, ...store.candidates.nextWork(userId, n - gold.length)];
}

/**
 * Whether one of `slots` new assignments is a gold pair: each slot is gold with probability goldRate,
 * independently, so gold positions cannot be counted off (a fixed "every 10th" could). At most one gold pair
 * per call (and one gold lease at a time), so with several slots the share is a little under goldRate.
 */
export function goldDrawn(goldRate: number, slots: number, random: Uniform): boolean {
  if (goldRate <= 0) return false;
  let drawn = false;
  for (let i = 0; i < slots; i++) drawn = random() < goldRate || drawn; // every slot draws: the count of draws is fixed
  return drawn;
}

/** Position-bias control: which response goes left is a fair coin per assignment. */
export const randomShownOrder = (): ShownOrder => (randomInt(2) === 0 ? 'ab' : 'ba');
