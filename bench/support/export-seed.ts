// bench:export's database, grown in steps: each prompt has 6 answers, every pair of them a comparison (15), each
// labelled by every annotator, written with raw batched INSERTs in one transaction per step (the bench measures
// the export, not the label path). Choices cycle a, b, tie, both_bad, a, b, a, so pair formats skip ~2/7.
import type { Database } from 'better-sqlite3';

const ANSWERS_PER_PROMPT = 6;
const COMPARISONS_PER_PROMPT = (ANSWERS_PER_PROMPT * (ANSWERS_PER_PROMPT - 1)) / 2;
const CHOICES = ['a', 'b', 'tie', 'both_bad', 'a', 'b', 'a'] as const;
const T0 = Date.parse('2030-01-01T00:00:00.000Z');

export function exportSeeder(db: Database, annotators: number) {
  db.pragma('synchronous = OFF'); // a throwaway file
  const insert = {
    user: db.prepare("INSERT INTO users (name, role, password_hash) VALUES (?, 'annotator', 'scrypt$1$1$1$x$x')"),
    prompt: db.prepare("INSERT INTO prompts (text, source, text_hash) VALUES (?, 'bench', ?)"),
    response: db.prepare('INSERT INTO responses (prompt_id, model_name, text) VALUES (?, ?, ?)'),
    comparison: db.prepare('INSERT INTO comparisons (prompt_id, response_a, response_b, overlap_target) VALUES (?, ?, ?, ?)'),
    label: db.prepare(
      `INSERT INTO labels (comparison_id, user_id, choice, strength, shown_order, time_ms, idempotency_key, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
  };
  const users = db.transaction(() => Array.from({ length: annotators }, (_, i) => Number(insert.user.run(`bench-annotator-${i}`).lastInsertRowid)))();
  let prompts = 0;
  let labels = 0;

  function addPrompt(): void {
    const p = prompts++;
    const promptId = Number(insert.prompt.run(`Bench prompt ${p}: explain something in a few sentences.`, `bench-${p}`).lastInsertRowid);
    const text = (m: number) => `Answer ${m} to prompt ${p}, with a few more words to make it a paragraph. `.repeat(3);
    const answers = Array.from({ length: ANSWERS_PER_PROMPT }, (_, m) => Number(insert.response.run(promptId, `bench-model-${m}`, text(m)).lastInsertRowid));
    for (let i = 0; i < answers.length; i++) {
      for (let j = i + 1; j < answers.length; j++) {
        const comparisonId = Number(insert.comparison.run(promptId, answers[i], answers[j], annotators).lastInsertRowid);
        for (const userId of users) {
          const n = labels++;
          insert.label.run(comparisonId, userId, CHOICES[n % CHOICES.length], n % 4, n % 2 ? 'ba' : 'ab', 1000 + (n % 9000), `bench-${n}`, new Date(T0 + n * 1000).toISOString());
        }
      }
    }
  }

  return {
    /** Adds whole prompts until there are at least `target` labels; the label count. */
    growTo(target: number): number {
      const more = Math.max(0, Math.ceil((target - labels) / (COMPARISONS_PER_PROMPT * users.length)));
      db.transaction(() => {
        for (let i = 0; i < more; i++) addPrompt();
      })();
      db.pragma('wal_checkpoint(TRUNCATE)');
      return labels;
    },
  };
}
