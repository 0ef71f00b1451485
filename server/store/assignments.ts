import { randomInt } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { AssignmentView, ChatMessage, ShownOrder } from '../../shared/schemas/queue';

export type AssignmentState = 'leased' | 'done' | 'skipped' | 'expired';

export interface AssignmentRow {
  id: number;
  comparisonId: number;
  userId: number;
  shownOrder: ShownOrder;
  expiresAt: string;
  state: AssignmentState;
}

interface ViewRow {
  id: number;
  expires_at: string;
  shown_order: ShownOrder;
  prompt_text: string;
  messages: string | null;
  a_text: string;
  b_text: string;
}

/** Assignment ids are drawn at random below 2^48 (exact in JSON and JS numbers): see `lease`. */
const MAX_ID = 2 ** 48;

/** Leases: one row per (user, comparison) ever handed out, whatever became of it. */
export function assignmentsRepo(db: Database) {
  const q = {
    insert: db.prepare<[number, number, number, ShownOrder, string, string]>(
      'INSERT INTO assignments (id, comparison_id, user_id, shown_order, leased_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    byId: db.prepare<[number], AssignmentRow>(
      'SELECT id, comparison_id AS comparisonId, user_id AS userId, shown_order AS shownOrder, expires_at AS expiresAt, state FROM assignments WHERE id = ?',
    ),
    liveOfUser: db
      .prepare<[number, string, number], number>(
        "SELECT id FROM assignments WHERE user_id = ? AND state = 'leased' AND expires_at >= ? ORDER BY expires_at, leased_at LIMIT ?",
      )
      .pluck(),
    expireStale: db.prepare<[string]>("UPDATE assignments SET state = 'expired' WHERE state = 'leased' AND expires_at < ?"),
    liveLeasesOn: db
      .prepare<[number, string, number], number>(
        "SELECT count(*) FROM assignments WHERE comparison_id = ? AND state = 'leased' AND expires_at >= ? AND id <> ?",
      )
      .pluck(),
    setState: db.prepare<[AssignmentState, number]>('UPDATE assignments SET state = ? WHERE id = ?'),
    view: db.prepare<[number], ViewRow>(
      `SELECT a.id, a.expires_at, a.shown_order, p.text AS prompt_text, p.messages, ra.text AS a_text, rb.text AS b_text
       FROM assignments a
       JOIN comparisons c ON c.id = a.comparison_id
       JOIN prompts p ON p.id = c.prompt_id
       JOIN responses ra ON ra.id = c.response_a
       JOIN responses rb ON rb.id = c.response_b
       WHERE a.id = ?`,
    ),
  };

  return {
    /**
     * A new lease under a random id: the id is all an annotator gets to name the pair by, so it must not
     * count leases or hint at which pair it is (blinding). A clash (p ≈ rows / 2^48) draws again.
     */
    lease(comparisonId: number, userId: number, shownOrder: ShownOrder, nowIso: string, expiresIso: string): number {
      for (;;) {
        const id = randomInt(1, MAX_ID);
        try {
          q.insert.run(id, comparisonId, userId, shownOrder, nowIso, expiresIso);
          return id;
        } catch (err) {
          if ((err as { code?: string }).code !== 'SQLITE_CONSTRAINT_PRIMARYKEY') throw err;
        }
      }
    },
    byId: (id: number) => q.byId.get(id),
    /** The user's unexpired leases, oldest first (ids are random: by expiry). */
    liveOfUser: (userId: number, nowIso: string, limit: number) => q.liveOfUser.all(userId, nowIso, limit) as number[],
    /** Leases past their expiry become 'expired': their pairs count as free again. Returns how many. */
    expireStale: (nowIso: string) => q.expireStale.run(nowIso).changes,
    /** Unexpired leases others hold on a comparison (exceptAssignmentId is the caller's own). */
    liveLeasesOn: (comparisonId: number, nowIso: string, exceptAssignmentId: number) =>
      q.liveLeasesOn.get(comparisonId, nowIso, exceptAssignmentId) as number,
    setState: (id: number, state: AssignmentState) => void q.setState.run(state, id),
    view(id: number): AssignmentView | undefined {
      const row = q.view.get(id);
      return row && toView(row);
    },
  };
}

/** What an annotator may see: texts in the shown order, under the assignment's id only (no pair, response or prompt ids). */
function toView(r: ViewRow): AssignmentView {
  const a = { text: r.a_text };
  const b = { text: r.b_text };
  const [left, right] = r.shown_order === 'ab' ? [a, b] : [b, a];
  return {
    assignmentId: r.id,
    expiresAt: r.expires_at,
    prompt: { text: r.prompt_text, context: contextOf(r.messages) },
    left,
    right,
  };
}

/** Earlier turns of a stored conversation: everything before its last user message. */
export function contextOf(messages: string | null): ChatMessage[] {
  if (!messages) return [];
  const turns = JSON.parse(messages) as ChatMessage[];
  const lastUser = turns.map((m) => m.role).lastIndexOf('user');
  return lastUser > 0 ? turns.slice(0, lastUser) : [];
}
