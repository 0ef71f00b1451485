// What reward-model training reads from the database: every label with its comparison, prompt and the two
// responses; reference-policy samples for the normalisation; and the label insert of labelled-pair imports.
import type { Database } from 'better-sqlite3';
import type { Message } from '../ml/model/chat-template';
import type { LabelRow } from '../ml/reward/dataset';

interface LabelJoinRow {
  label_id: number;
  comparison_id: number;
  prompt_id: number;
  prompt_text: string;
  prompt_messages: string | null;
  text_a: string;
  text_b: string;
  choice: LabelRow['choice'];
  strength: number;
  shown_order: LabelRow['shownOrder'];
  kind: LabelRow['kind'];
}

export interface ReferenceSample {
  prompt: string | Message[];
  response: string;
}

/** A multi-turn prompt is its whole conversation; a plain one its text. */
const promptOf = (text: string, messages: string | null): string | Message[] => (messages ? (JSON.parse(messages) as Message[]) : text);

export function rewardDataRepo(db: Database) {
  const q = {
    labels: db.prepare<[], LabelJoinRow>(
      `SELECT l.id AS label_id, l.comparison_id, c.prompt_id, p.text AS prompt_text, p.messages AS prompt_messages,
              ra.text AS text_a, rb.text AS text_b, l.choice, l.strength, l.shown_order, c.kind
       FROM labels l
       JOIN comparisons c ON c.id = l.comparison_id
       JOIN prompts p ON p.id = c.prompt_id
       JOIN responses ra ON ra.id = c.response_a
       JOIN responses rb ON rb.id = c.response_b
       WHERE c.status <> 'retired'
       ORDER BY l.id`,
    ),
    labelCount: db.prepare<[], number>('SELECT count(*) FROM labels').pluck(),
    decisiveLabelCount: db
      .prepare<[], number>(
        `SELECT count(*) FROM labels l JOIN comparisons c ON c.id = l.comparison_id WHERE c.status <> 'retired' AND l.choice IN ('a', 'b')`,
      )
      .pluck(),
    policySamples: db.prepare<[number, number], { text: string; messages: string | null; response: string }>(
      `SELECT p.text, p.messages, r.text AS response
       FROM responses r JOIN prompts p ON p.id = r.prompt_id
       WHERE r.policy_id = ? ORDER BY r.id DESC LIMIT ?`,
    ),
    insertImportedLabel: db.prepare(
      `INSERT INTO labels (comparison_id, assignment_id, user_id, choice, strength, rationale, shown_order, time_ms,
                           idempotency_key)
       VALUES (@comparisonId, NULL, @userId, @choice, @strength, NULL, 'ab', 0, @idempotencyKey)`,
    ),
  };

  return {
    /** Every label of a comparison that is not retired, oldest first. */
    labelRows(): LabelRow[] {
      return q.labels.all().map((r) => ({
        labelId: r.label_id,
        comparisonId: r.comparison_id,
        promptId: r.prompt_id,
        prompt: promptOf(r.prompt_text, r.prompt_messages),
        responseA: r.text_a,
        responseB: r.text_b,
        choice: r.choice,
        strength: r.strength,
        shownOrder: r.shown_order,
        kind: r.kind,
      }));
    },
    labelCount: () => q.labelCount.get() as number,
    /** Labels that prefer a side, on comparisons not retired: none, and no dataset has a pair. */
    decisiveLabelCount: () => q.decisiveLabelCount.get() as number,
    /** The newest `limit` samples of a policy (the reference policy whose samples score mean 0, std 1). */
    policySamples(policyId: number, limit = 512): ReferenceSample[] {
      return q.policySamples.all(policyId, limit).map((r) => ({ prompt: promptOf(r.text, r.messages), response: r.response }));
    },
    /** A label that came with an imported pair (no assignment, no timing; shown order is moot). */
    insertImportedLabel(label: { comparisonId: number; userId: number; choice: 'a' | 'b'; strength: number; idempotencyKey: string }): number {
      return Number(q.insertImportedLabel.run(label).lastInsertRowid);
    },
  };
}
