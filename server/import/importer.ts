import type { ImportPromptsRequest, ImportResponsesRequest, ImportResult } from '../../shared/schemas/imports';
import type { Store } from '../store';
import { buildComparisons } from './comparisons';
import { parseRows, readRows } from './read';
import { PromptRowSchema, ResponseRowSchema } from './rows';

type PromptsInput = Pick<ImportPromptsRequest, 'format' | 'content' | 'source'>;
type ResponsesInput = Pick<ImportResponsesRequest, 'format' | 'content' | 'model'> & { buildComparisons?: boolean };

/** Prompts, de-duplicated by text: all rows valid or nothing is written (one transaction). */
export function importPrompts(store: Store, input: PromptsInput): ImportResult {
  const rows = parseRows(PromptRowSchema, readRows(input.format, input.content));
  return store.transaction(() => {
    let prompts = 0;
    for (const row of rows) {
      if (store.prompts.upsert({ ...row, source: row.source ?? input.source ?? 'import' }).created) prompts++;
    }
    return { rows: rows.length, prompts, responses: 0, comparisons: 0, duplicates: rows.length - prompts };
  });
}

/**
 * One model's answers. Prompts are matched by text (created when new); a response already stored for the
 * same model, prompt and text is a duplicate. Comparisons are then built on the prompts this file touched.
 */
export function importResponses(store: Store, input: ResponsesInput): ImportResult {
  const rows = parseRows(ResponseRowSchema, readRows(input.format, input.content));
  return store.transaction(() => {
    let prompts = 0;
    let responses = 0;
    const touched = new Set<number>();
    for (const row of rows) {
      const prompt = store.prompts.upsert({ text: row.text, messages: row.messages, source: `model:${input.model}` });
      if (prompt.created) prompts++;
      if (store.responses.upsert({ promptId: prompt.id, modelName: input.model, text: row.output }).created) responses++;
      touched.add(prompt.id);
    }
    const comparisons = input.buildComparisons === false ? 0 : buildComparisons(store, { promptIds: touched });
    return { rows: rows.length, prompts, responses, comparisons, duplicates: rows.length - responses };
  });
}
