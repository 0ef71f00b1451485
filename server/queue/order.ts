import { randomInt } from 'node:crypto';
import type { QueueSettings, ShownOrder } from '../../shared/schemas/queue';
import type { Store } from '../store';

/**
 * Up to n comparison ids for this user, in queue priority order:
 * a gold pair when one is due → eval pairs → train pairs (each by uncertainty, priority, age; see candidates.ts).
 */
export function pickComparisons(store: Store, userId: number, n: number, settings: QueueSettings): number[] {
  const gold = settings.goldRate > 0 ? store.candidates.nextGold(userId) : [];
  const picked = gold.length > 0 && goldDue(store, userId, settings.goldRate) ? gold : [];
  return picked.length >= n ? picked : [...picked, ...store.candidates.nextWork(userId, n - picked.length)];
}

/**
 * Gold is due when the labels since the user's last gold label reach 1/goldRate − 1, so one assignment in
 * 1/goldRate is gold (goldRate 0.1: nine ordinary labels, then a gold pair). One gold lease at a time.
 */
export function goldDue(store: Store, userId: number, goldRate: number): boolean {
  if (goldRate <= 0) return false;
  if (store.candidates.holdsGoldLease(userId)) return false;
  const wanted = Math.ceil(1 / goldRate - 1 - 1e-9); // ordinary labels between two gold ones
  return store.candidates.labelsSinceLastGold(userId, wanted) >= wanted;
}

/** Position-bias control: which response goes left is a fair coin per assignment. */
export const randomShownOrder = (): ShownOrder => (randomInt(2) === 0 ? 'ab' : 'ba');
