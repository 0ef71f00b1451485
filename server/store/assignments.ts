import type { Database } from 'better-sqlite3';
import type { AssignmentView, ChatMessage, ShownOrder } from '../../shared/schemas/queue';

export type AssignmentState = 'leased' | 'done' | 'skipped' | 'expired';

export interface AssignmentRow {
  id: number;
  comparison_id: number;
  user_id: number;
  shown_order: ShownOrder;
  expires_at: string;
  state: AssignmentState;
}

interface ViewRow {
  id: number;
  comparison_id: number;
  expires_at: string;
  shown_order: ShownOrder;
  prompt_id: number;
  prompt_text: string;
  messages: string | null;
  a_id: number;
  a_text: string;
  b_id: number;
  b_text: string;
}

/** Leases: one row per (user, comparison) ever handed out, whatever became of it. */
export function assignmentsRepo(db: Database) {
  const q = {
    insert: db.prepare<[number, number, ShownOrder, string, string]>(
      'INSERT INTO assignments (comparison_id, user_id, shown_order, leased_at, expires_at) VALUES (?, ?, ?, ?, ?)',
    ),
    byId: db.prepare<[number], AssignmentRow>(
      'SELECT id, comparison_id, user_id, shown_order, expires_at, state FROM assignments WHERE id = ?',
    ),
    liveOfUser: db
      .prepare<[number, string, number], number>(
        "SELECT id FROM assignments WHERE user_id = ? AND state = 'leased' AND expires_at >= ? ORDER BY id LIMIT ?",
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
      `SELECT a.id, a.comparison_id, a.expires_at, a.shown_order, p.id AS prompt_id, p.text AS prompt_text, p.messages,
              ra.id AS a_id, ra.text AS a_text, rb.id AS b_id, rb.text AS b_text
       FROM assignments a
       JOIN comparisons c ON c.id = a.comparison_id
       JOIN prompts p ON p.id = c.prompt_id
       JOIN responses ra ON ra.id = c.response_a
       JOIN responses rb ON rb.id = c.response_b
       WHERE a.id = ?`,
    ),
  };

  return {
    lease(comparisonId: number, userId: number, shownOrder: ShownOrder, nowIso: string, expiresIso: string): number {
      return Number(q.insert.run(comparisonId, userId, shownOrder, nowIso, expiresIso).lastInsertRowid);
    },
    byId: (id: number) => q.byId.get(id),
    /** The user's unexpired leases, oldest first. */
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

function toView(r: ViewRow): AssignmentView {
  const a = { responseId: r.a_id, text: r.a_text };
  const b = { responseId: r.b_id, text: r.b_text };
  const [left, right] = r.shown_order === 'ab' ? [a, b] : [b, a];
  return {
    assignmentId: r.id,
    comparisonId: r.comparison_id,
    expiresAt: r.expires_at,
    prompt: { id: r.prompt_id, text: r.prompt_text, context: contextOf(r.messages) },
    left,
    right,
  };
}

/** Earlier turns of a stored conversation: everything before its last user message. */
function contextOf(messages: string | null): ChatMessage[] {
  if (!messages) return [];
  const turns = JSON.parse(messages) as ChatMessage[];
  const lastUser = turns.map((m) => m.role).lastIndexOf('user');
  return lastUser > 0 ? turns.slice(0, lastUser) : [];
}
