import type { Database } from 'better-sqlite3';

/**
 * Which comparisons a user may be given next, in queue order (eval before train, then uncertainty DESC
 * with NULLs last, then priority DESC, then oldest). The query walks the partial index comparisons_ready,
 * which holds only open pairs with room for another annotator (gold pairs always), in exactly that order,
 * tests each row with index lookups and stops after `limit` hits: its cost grows with the rows it passes
 * over (pairs this user already had), not with the table's size or the leases others hold.
 */
export function candidatesRepo(db: Database) {
  // The first two terms repeat the partial index's WHERE, so SQLite can use it; INDEXED BY makes it (and
  // fails at prepare time, not slowly at run time, if the index ever stops matching).
  const select = (kinds: string, order: string) =>
    db
      .prepare(
        `SELECT c.id FROM comparisons c INDEXED BY comparisons_ready
         WHERE c.status = 'open' AND (c.kind = 'gold' OR c.leased_count < c.overlap_target - c.label_count)
           AND c.kind IN (${kinds})
           AND NOT EXISTS (SELECT 1 FROM assignments a WHERE a.comparison_id = c.id AND a.user_id = @userId)
           AND NOT EXISTS (SELECT 1 FROM labels l WHERE l.comparison_id = c.id AND l.user_id = @userId)
           AND NOT EXISTS (SELECT 1 FROM responses r WHERE r.id IN (c.response_a, c.response_b) AND r.author_user_id = @userId)
         ORDER BY ${order} c.uncertainty DESC, c.priority DESC, c.id LIMIT @limit`,
      )
      .pluck();
  const gold = select("'gold'", '');
  // eval pairs before train pairs: the index's first column is kind and 'eval' < 'train', so one walk does it
  const work = select("'eval', 'train'", 'c.kind,');
  const holdsGold = db
    .prepare(
      `SELECT 1 FROM assignments a JOIN comparisons c ON c.id = a.comparison_id
       WHERE a.user_id = @userId AND a.state = 'leased' AND c.kind = 'gold' LIMIT 1`,
    )
    .pluck();

  return {
    /** A gold pair this user has not had, if any. */
    nextGold: (userId: number) => gold.all({ userId, limit: 1 }) as number[],
    /** Up to `limit` eval pairs, then train pairs. */
    nextWork: (userId: number, limit: number) => work.all({ userId, limit }) as number[],
    holdsGoldLease: (userId: number) => holdsGold.get({ userId }) !== undefined,
  };
}
