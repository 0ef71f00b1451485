import type { Database } from 'better-sqlite3';
import type { ComparisonKind } from '../../shared/schemas/queue';

export interface Candidate {
  id: number;
}

/**
 * Which comparisons of one kind a user may be given next, in queue order (uncertainty DESC with NULLs last,
 * then priority DESC, then oldest). The query walks the comparisons_queue index in exactly that order and
 * tests each row with index-backed lookups, stopping after `limit` hits, so its cost grows with the rows
 * it has to pass over (pairs this user already had, pairs full of leases), not with the table's size.
 * Gold pairs are asked of every annotator once, so they have no capacity limit.
 */
export function candidatesRepo(db: Database) {
  const notForUser = `
    AND NOT EXISTS (SELECT 1 FROM assignments a WHERE a.user_id = @userId AND a.comparison_id = c.id)
    AND NOT EXISTS (SELECT 1 FROM labels l WHERE l.comparison_id = c.id AND l.user_id = @userId)
    AND NOT EXISTS (SELECT 1 FROM responses r WHERE r.id IN (c.response_a, c.response_b) AND r.author_user_id = @userId)`;
  // Called right after expired leases are marked, so every 'leased' row is a live lease.
  const hasRoom = `
    AND c.label_count + (SELECT count(*) FROM assignments a WHERE a.comparison_id = c.id AND a.state = 'leased') < c.overlap_target`;
  const order = 'ORDER BY c.uncertainty DESC, c.priority DESC, c.id LIMIT @limit';

  const withRoom = db
    .prepare(`SELECT c.id FROM comparisons c WHERE c.status = 'open' AND c.kind = @kind ${hasRoom} ${notForUser} ${order}`)
    .pluck();
  const gold = db
    .prepare(`SELECT c.id FROM comparisons c WHERE c.status = 'open' AND c.kind = 'gold' ${notForUser} ${order}`)
    .pluck();
  const sinceLastGold = db
    .prepare(
      `SELECT count(*) FROM labels WHERE user_id = @userId AND id > COALESCE(
         (SELECT max(l.id) FROM labels l JOIN comparisons c ON c.id = l.comparison_id
          WHERE l.user_id = @userId AND c.kind = 'gold'), 0)`,
    )
    .pluck();
  const holdsGold = db
    .prepare(
      `SELECT 1 FROM assignments a JOIN comparisons c ON c.id = a.comparison_id
       WHERE a.user_id = @userId AND a.state = 'leased' AND c.kind = 'gold' LIMIT 1`,
    )
    .pluck();

  return {
    next(kind: ComparisonKind, userId: number, limit: number): number[] {
      const stmt = kind === 'gold' ? gold : withRoom;
      return stmt.all({ kind, userId, limit }) as number[];
    },
    /** Labels the user gave since their last gold label (all of them if none yet). */
    labelsSinceLastGold: (userId: number) => sinceLastGold.get({ userId }) as number,
    holdsGoldLease: (userId: number) => holdsGold.get({ userId }) !== undefined,
  };
}
