import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { ChatMessage } from '../../shared/schemas/queue';

export interface NewPrompt {
  text: string;
  /** the whole conversation for multi-turn prompts (its last user turn is `text`) */
  messages?: ChatMessage[];
  source?: string;
  tags?: string[];
  taskFamily?: string;
  verifier?: unknown;
}

/** The de-duplication key: the same text (and conversation) is one prompt, whatever file it came from. */
export function promptHash(text: string, messages?: ChatMessage[]): string {
  return createHash('sha256')
    .update(text)
    .update('\u0000')
    .update(messages ? JSON.stringify(messages) : '')
    .digest('hex');
}

/** A stored prompt as training reads it (JSON columns parsed). */
export interface TrainPrompt {
  text: string;
  /** the whole conversation of a multi-turn prompt */
  messages: ChatMessage[] | null;
  /** a task-world verifier spec, when the prompt came from the task world */
  verifier: unknown;
}

interface TrainPromptRow {
  text: string;
  messages: string | null;
  verifier: string | null;
}

const toTrainPrompt = (r: TrainPromptRow): TrainPrompt => ({
  text: r.text,
  messages: r.messages === null ? null : (JSON.parse(r.messages) as ChatMessage[]),
  verifier: r.verifier === null ? null : JSON.parse(r.verifier),
});

export function promptsRepo(db: Database) {
  const q = {
    idByHash: db.prepare<[string], number>('SELECT id FROM prompts WHERE text_hash = ?').pluck(),
    texts: db.prepare<[], string>('SELECT text FROM prompts ORDER BY id').pluck(),
    taskWorldCount: db
      .prepare<[string], number>('SELECT count(*) FROM prompts WHERE task_family IS NOT NULL AND id IN (SELECT value FROM json_each(?))')
      .pluck(),
    train: db.prepare<[number], TrainPromptRow>(`SELECT text, messages, verifier FROM prompts WHERE split = 'train' ORDER BY id LIMIT ?`),
    trainWithVerifier: db.prepare<[number], TrainPromptRow>(
      `SELECT text, messages, verifier FROM prompts WHERE split = 'train' AND verifier IS NOT NULL ORDER BY id LIMIT ?`,
    ),
    leastCompared: db.prepare<[number], { id: number; text: string }>(
      `SELECT p.id, p.text FROM prompts p LEFT JOIN comparisons c ON c.prompt_id = p.id
       WHERE p.split = 'train' AND p.messages IS NULL GROUP BY p.id ORDER BY COUNT(c.id), p.id LIMIT ?`,
    ),
    insert: db.prepare(
      `INSERT INTO prompts (text, messages, source, tags, task_family, verifier, text_hash)
       VALUES (@text, @messages, @source, @tags, @taskFamily, @verifier, @hash)`,
    ),
  };

  return {
    /** Returns the prompt's id and whether this call created it. */
    upsert(p: NewPrompt): { id: number; created: boolean } {
      const hash = promptHash(p.text, p.messages);
      const existing = q.idByHash.get(hash) as number | undefined;
      if (existing !== undefined) return { id: existing, created: false };
      const info = q.insert.run({
        text: p.text,
        messages: p.messages ? JSON.stringify(p.messages) : null,
        source: p.source ?? 'import',
        tags: JSON.stringify(p.tags ?? []),
        taskFamily: p.taskFamily ?? null,
        verifier: p.verifier === undefined ? null : JSON.stringify(p.verifier),
        hash,
      });
      return { id: Number(info.lastInsertRowid), created: true };
    },
    /** The first `limit` train-split prompts (by id); only those with a verifier when asked. */
    /** Every prompt's text, oldest first. */
    texts(): string[] {
      return q.texts.all();
    },

    trainSplit(limit: number, opts: { withVerifier?: boolean } = {}): TrainPrompt[] {
      return (opts.withVerifier ? q.trainWithVerifier : q.train).all(limit).map(toTrainPrompt);
    },
    /** How many of the given prompts come from the task world (have a task family); each prompt counts once. */
    taskWorldCount: (ids: readonly number[]): number => q.taskWorldCount.get(JSON.stringify(ids)) ?? 0,
    /** Train-split single-message prompts, fewest comparisons first (then oldest). */
    leastCompared: (limit: number): { id: number; text: string }[] => q.leastCompared.all(limit),
  };
}
