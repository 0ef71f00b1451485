import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3';

export interface NewResponse {
  promptId: number;
  text: string;
  /** an external model's name; policy samples set policyId instead (ML code) */
  modelName?: string;
  policyId?: number;
  authorUserId?: number;
  /** policy samples: generated tokens, Σ log-prob, and the sampling parameters used */
  tokenCount?: number;
  logprobSum?: number;
  samplingParams?: unknown;
}

/** A response as comparison building sees it: which "model" wrote it (name, or policy:vN). */
export interface ResponseModelRow {
  id: number;
  promptId: number;
  model: string;
}

export function responsesRepo(db: Database) {
  const q = {
    find: db
      .prepare<[number, string, string], number>(
        'SELECT id FROM responses WHERE prompt_id = ? AND model_name = ? AND text_hash = ?',
      )
      .pluck(),
    insert: db.prepare(
      `INSERT INTO responses (prompt_id, policy_id, model_name, text, author_user_id, text_hash,
                              token_count, logprob_sum, sampling_params)
       VALUES (@promptId, @policyId, @modelName, @text, @authorUserId, @hash, @tokenCount, @logprobSum, @samplingParams)`,
    ),
    modelsOfPrompt: db.prepare<[number], ResponseModelRow>(
      `SELECT r.id, r.prompt_id AS promptId, COALESCE(r.model_name, 'policy:v' || p.version) AS model
       FROM responses r LEFT JOIN policies p ON p.id = r.policy_id
       WHERE r.prompt_id = ? ORDER BY r.id`,
    ),
    promptsWithResponses: db.prepare<[], number>('SELECT DISTINCT prompt_id FROM responses ORDER BY prompt_id').pluck(),
    promptsWithResponsesAfter: db
      .prepare<[number, number], number>('SELECT DISTINCT prompt_id FROM responses WHERE prompt_id > ? ORDER BY prompt_id LIMIT ?')
      .pluck(),
  };

  return {
    /** Same model, same prompt, same text → the stored row; re-imports add nothing. */
    upsert(r: NewResponse): { id: number; created: boolean } {
      const hash = createHash('sha256').update(r.text).digest('hex');
      if (r.modelName !== undefined) {
        const existing = q.find.get(r.promptId, r.modelName, hash) as number | undefined;
        if (existing !== undefined) return { id: existing, created: false };
      }
      const info = q.insert.run({
        promptId: r.promptId,
        policyId: r.policyId ?? null,
        modelName: r.modelName ?? null,
        text: r.text,
        authorUserId: r.authorUserId ?? null,
        hash,
        tokenCount: r.tokenCount ?? null,
        logprobSum: r.logprobSum ?? null,
        samplingParams: r.samplingParams === undefined ? null : JSON.stringify(r.samplingParams),
      });
      return { id: Number(info.lastInsertRowid), created: true };
    },
    modelsOfPrompt: (promptId: number) => q.modelsOfPrompt.all(promptId),
    promptsWithResponses: () => q.promptsWithResponses.all() as number[],
    /** A page of promptsWithResponses: the next `limit` prompt ids above `afterId`. */
    promptsWithResponsesAfter: (afterId: number, limit: number) => q.promptsWithResponsesAfter.all(afterId, limit) as number[],
  };
}
