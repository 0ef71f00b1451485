import type { AssignmentView } from '../../shared/schemas/queue';
import { isoAt } from '../clock';
import type { AppContext } from '../context';
import { pickComparisons, randomShownOrder } from './order';

/**
 * Leases up to `count` pairs to a user, in ONE transaction (better-sqlite3 is synchronous, so no other
 * request interleaves; it may share its commit with other requests', see GroupCommit): stale leases expire first (their pairs return to the queue), the user's own live
 * leases come back first (oldest first, so a reload shows the same pair), then new pairs top up to `count`.
 */
export async function nextAssignments(ctx: AppContext, userId: number, count: number): Promise<AssignmentView[]> {
  const { store } = ctx;
  const now = ctx.clock();
  const nowIso = isoAt(now);
  const settings = store.settings.queue();
  const expiresIso = isoAt(now + settings.leaseSeconds * 1000);

  const { views, expired, leased } = await ctx.writes.run(() => {
    const expired = store.assignments.expireStale(nowIso);
    const ids = store.assignments.liveOfUser(userId, nowIso, count);
    const fresh = ids.length < count ? pickComparisons(store, userId, count - ids.length, settings) : [];
    for (const comparisonId of fresh) {
      ids.push(store.assignments.lease(comparisonId, userId, randomShownOrder(), nowIso, expiresIso));
    }
    const views = ids.map((id) => store.assignments.view(id) as AssignmentView);
    return { views, expired, leased: fresh.length };
  });

  ctx.live.pairsAdded(expired); // expired leases put their pairs back in the queue
  if (leased > 0) ctx.live.changed([userId]);
  return views;
}

/** Marks leases past their expiry as expired (also done lazily by nextAssignments); returns how many. */
export function expireStaleLeases(ctx: AppContext): number {
  const expired = ctx.store.transaction(() => ctx.store.assignments.expireStale(isoAt(ctx.clock())));
  ctx.live.pairsAdded(expired);
  return expired;
}
