// An annotator's own labels, blind (texts in the shown order, named by the lease id), and changing one:
// the row in `labels` is always the current version; the one it replaces is copied to label_versions first.
import type { Database } from 'better-sqlite3';
import type { Page } from '../../shared/schemas/common';
import type { MyLabel } from '../../shared/schemas/label-review';
import type { Choice, Pick } from '../../shared/schemas/labels';
import type { ShownOrder } from '../../shared/schemas/queue';
import { contextOf } from './assignments';
import { cut, LIST_TEXT_CHARS } from './comparisons';

/** What a change needs to know about the label it replaces. */
export interface OwnLabel {
  id: number;
  choice: Choice;
  strength: number;
  rationale: string | null;
  shownOrder: ShownOrder;
  comparisonStatus: 'open' | 'complete' | 'retired';
}

export interface LabelDecision {
  choice: Choice;
  strength: number;
  rationale: string | null;
}

interface MineRow {
  assignment_id: number;
  shown_order: ShownOrder;
  prompt_text: string;
  messages: string | null;
  a_text: string;
  b_text: string;
  choice: Choice;
  strength: number;
  rationale: string | null;
  version: number;
  created_at: string;
  changed_at: string | null;
}

// Labels given under a lease only (imported labels have none, and belong to system users anyway).
const MINE = `
  SELECT l.assignment_id, l.shown_order, substr(p.text, 1, @cut) AS prompt_text, p.messages,
         substr(ra.text, 1, @cut) AS a_text, substr(rb.text, 1, @cut) AS b_text,
         l.choice, l.strength, l.rationale, l.version, l.created_at, l.changed_at
  FROM labels l
  JOIN comparisons c ON c.id = l.comparison_id
  JOIN prompts p ON p.id = c.prompt_id
  JOIN responses ra ON ra.id = c.response_a
  JOIN responses rb ON rb.id = c.response_b
  WHERE l.user_id = @userId AND l.assignment_id IS NOT NULL`;

/** The stored choice back on the screen it was made on ('a' shown left is 'left'). */
export function pickOf(choice: Choice, shownOrder: ShownOrder): Pick {
  if (choice === 'tie' || choice === 'both_bad') return choice;
  return (choice === 'a') === (shownOrder === 'ab') ? 'left' : 'right';
}

function toMyLabel(r: MineRow): MyLabel {
  const a = { text: cut(r.a_text) };
  const b = { text: cut(r.b_text) };
  const [left, right] = r.shown_order === 'ab' ? [a, b] : [b, a];
  return {
    assignmentId: r.assignment_id,
    prompt: { text: cut(r.prompt_text), context: contextOf(r.messages) },
    left,
    right,
    pick: pickOf(r.choice, r.shown_order),
    strength: r.strength,
    rationale: r.rationale,
    version: r.version,
    labelledAt: r.created_at,
    changedAt: r.changed_at,
  };
}

export function labelVersionsRepo(db: Database) {
  const q = {
    mine: db.prepare<Record<string, unknown>, MineRow>(`${MINE} ORDER BY l.id DESC LIMIT @limit OFFSET @offset`),
    mineOne: db.prepare<Record<string, unknown>, MineRow>(`${MINE} AND l.assignment_id = @assignmentId`),
    mineTotal: db.prepare<[number], number>('SELECT count(*) FROM labels WHERE user_id = ? AND assignment_id IS NOT NULL').pluck(),
    own: db.prepare<[number, number], OwnLabel>(
      `SELECT l.id, l.choice, l.strength, l.rationale, l.shown_order AS shownOrder, c.status AS comparisonStatus
       FROM labels l JOIN comparisons c ON c.id = l.comparison_id
       WHERE l.assignment_id = ? AND l.user_id = ?`,
    ),
    keepVersion: db.prepare<[string, number]>(
      `INSERT INTO label_versions (label_id, version, choice, strength, rationale, made_at, superseded_at)
       SELECT id, version, choice, strength, rationale, COALESCE(changed_at, created_at), ? FROM labels WHERE id = ?`,
    ),
    update: db.prepare(
      `UPDATE labels SET version = version + 1, choice = @choice, strength = @strength, rationale = @rationale, changed_at = @now
       WHERE id = @id`,
    ),
  };

  return {
    /** The user's labels, newest first, texts cut. */
    mine(userId: number, limit: number, offset: number): Page<MyLabel> {
      const items = q.mine.all({ userId, limit, offset, cut: LIST_TEXT_CHARS + 1 }).map(toMyLabel);
      return { items, total: q.mineTotal.get(userId) as number, limit, offset };
    },
    mineOne(userId: number, assignmentId: number): MyLabel | undefined {
      const row = q.mineOne.get({ userId, assignmentId, cut: LIST_TEXT_CHARS + 1 });
      return row && toMyLabel(row);
    },
    /** The label the user gave under this lease; undefined for anyone else's (or none). */
    own: (userId: number, assignmentId: number) => q.own.get(assignmentId, userId),
    /** Keeps the current version, then makes `decision` the current one. Call inside a transaction. */
    change(labelId: number, decision: LabelDecision, nowIso: string): void {
      q.keepVersion.run(nowIso, labelId);
      q.update.run({ ...decision, now: nowIso, id: labelId });
    },
  };
}
