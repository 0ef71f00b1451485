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

export function promptsRepo(db: Database) {
  const q = {
    idByHash: db.prepare<[string], number>('SELECT id FROM prompts WHERE text_hash = ?').pluck(),
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
  };
}
