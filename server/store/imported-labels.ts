// What the raw-labels import (server/import/raw-labels.ts) reads and writes beyond the other repos: the stored
// comparison of a response pair (either storage order), a policy's answer by its text, and a label written
// with the decision, shown order, timing and time the file gives (no assignment: it was not leased here).
import type { Database } from 'better-sqlite3';
import type { Choice } from '../../shared/schemas/labels';
import type { ShownOrder } from '../../shared/schemas/queue';

export interface ImportedLabel {
  comparisonId: number;
  userId: number;
  choice: Choice;
  strength: number;
  shownOrder: ShownOrder;
  timeMs: number;
  createdAt: string;
  idempotencyKey: string;
}

export function importedLabelsRepo(db: Database) {
  const q = {
    comparisonOf: db.prepare<[number, number, number, number], { id: number; response_a: number }>(
      'SELECT id, response_a FROM comparisons WHERE (response_a = ? AND response_b = ?) OR (response_a = ? AND response_b = ?)',
    ),
    policyResponse: db
      .prepare<[number, number, string], number>(
        `SELECT r.id FROM responses r JOIN policies p ON p.id = r.policy_id
         WHERE r.prompt_id = ? AND p.version = ? AND r.text = ? ORDER BY r.id LIMIT 1`,
      )
      .pluck(),
    hasLabel: db.prepare<[number, number], number>('SELECT 1 FROM labels WHERE comparison_id = ? AND user_id = ?').pluck(),
    insert: db.prepare<ImportedLabel>(
      `INSERT INTO labels (comparison_id, assignment_id, user_id, choice, strength, rationale, shown_order, time_ms,
                           idempotency_key, created_at)
       VALUES (@comparisonId, NULL, @userId, @choice, @strength, NULL, @shownOrder, @timeMs, @idempotencyKey, @createdAt)`,
    ),
  };
  return {
    /** The comparison of responses a and b; `swapped` when it stores them as (b, a). */
    comparisonOf(a: number, b: number): { id: number; swapped: boolean } | undefined {
      const row = q.comparisonOf.get(a, b, b, a);
      return row && { id: row.id, swapped: row.response_a !== a };
    },
    /** Policy version `version`'s answer to a prompt with exactly this text, if it wrote one. */
    policyResponse: (promptId: number, version: number, text: string) => q.policyResponse.get(promptId, version, text),
    hasLabel: (comparisonId: number, userId: number) => q.hasLabel.get(comparisonId, userId) !== undefined,
    insert: (label: ImportedLabel) => Number(q.insert.run(label).lastInsertRowid),
  };
}
