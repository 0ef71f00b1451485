import type { Database } from 'better-sqlite3';
import type { AdminCounts } from '../../shared/schemas/admin';
import type { MyProgress, QueueCounts } from '../../shared/schemas/queue';

/**
 * The numbers pushed live to clients. Table totals come from the trigger-kept `counters` table (one page,
 * whatever the size); leases and per-user numbers are counted over small index ranges. "Open" leaves gold
 * pairs out: they stay open for ever and are no work still to do.
 */
export function countsRepo(db: Database) {
  const one = (sql: string) => db.prepare(sql).pluck();
  const q = {
    counters: db.prepare<[], { name: string; value: number }>('SELECT name, value FROM counters'),
    leased: one("SELECT count(*) FROM assignments WHERE state = 'leased' AND expires_at >= ?"),
    users: one('SELECT count(*) FROM users'),
    labeledBy: one('SELECT count(*) FROM labels WHERE user_id = ?'),
    skippedBy: one("SELECT count(*) FROM assignments WHERE user_id = ? AND state = 'skipped'"),
    // Per-user counts start from the user's own rows (unary + keeps SQLite off the comparisons_status index,
    // which would walk every open pair): open pairs this user already had, or wrote an answer of.
    touchedOpen: one(
      `SELECT count(*) FROM assignments a JOIN comparisons c ON c.id = a.comparison_id
       WHERE a.user_id = ? AND +c.status = 'open' AND +c.kind <> 'gold'`,
    ),
    authoredOpen: one(
      `SELECT count(*) FROM (
         SELECT c.id FROM responses r JOIN comparisons c ON c.response_a = r.id
         WHERE r.author_user_id = @userId AND +c.status = 'open' AND +c.kind <> 'gold'
         UNION
         SELECT c.id FROM responses r JOIN comparisons c ON c.response_b = r.id
         WHERE r.author_user_id = @userId AND +c.status = 'open' AND +c.kind <> 'gold')`,
    ),
    leasedBy: one("SELECT count(*) FROM assignments WHERE user_id = ? AND state = 'leased' AND expires_at >= ?"),
  };
  const n = (stmt: { get: (...args: unknown[]) => unknown }, ...args: unknown[]) => stmt.get(...args) as number;

  const counters = () => Object.fromEntries(q.counters.all().map((r) => [r.name, r.value]));
  const queue = (nowIso: string): QueueCounts => {
    const c = counters();
    return { open: c.comparisons_open, leased: n(q.leased, nowIso), complete: c.comparisons_complete, labels: c.labels };
  };

  return {
    queue,
    /** `queue` may be passed when just computed, to count the shared numbers once. */
    admin(nowIso: string, shared = queue(nowIso)): AdminCounts {
      const c = counters();
      return {
        users: n(q.users),
        prompts: c.prompts,
        responses: c.responses,
        comparisons: c.comparisons,
        labels: shared.labels,
        openComparisons: shared.open,
        activeLeases: shared.leased,
      };
    },
    /**
     * `available` is an estimate that needs no scan of every open pair: open pairs, less those this user
     * already had or wrote, less the leases others hold now. It is exact with overlap 1.
     */
    progress(userId: number, nowIso: string, shared = queue(nowIso)): MyProgress {
      const leasedByOthers = shared.leased - n(q.leasedBy, userId, nowIso);
      const available = shared.open - n(q.touchedOpen, userId) - n(q.authoredOpen, { userId }) - leasedByOthers;
      return { labeled: n(q.labeledBy, userId), skipped: n(q.skippedBy, userId), available: Math.max(0, available) };
    },
  };
}
