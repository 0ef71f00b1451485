import type { ImportPromptsRequest, ImportResponsesRequest, ImportResult } from '../../shared/schemas/imports';
import type { Store } from '../store';
import { writeInChunks } from './chunks';
import { buildComparisonsInChunks } from './comparisons';
import { parseRows, readRows } from './read';
import { PromptRowSchema, ResponseRowSchema } from './rows';

type PromptsInput = Pick<ImportPromptsRequest, 'format' | 'content' | 'source'>;
type ResponsesInput = Pick<ImportResponsesRequest, 'format' | 'content' | 'model'> & { buildComparisons?: boolean };

/**
 * Prompts, de-duplicated by text. Every row is validated before any is written (a bad row: nothing written);
 * then written in chunks that commit one by one (chunks.ts: a crash midway leaves a prefix, re-importing completes it).
 */
export async function importPrompts(store: Store, input: PromptsInput): Promise<ImportResult> {
  const rows = await parseRows(PromptRowSchema, await readRows(input.format, input.content));
  const created = await writeInChunks(store, rows, (row) => store.prompts.upsert({ ...row, source: row.source ?? input.source ?? 'import' }).created);
  const prompts = created.filter(Boolean).length;
  return { rows: rows.length, prompts, responses: 0, comparisons: 0, duplicates: rows.length - prompts };
}

/**
 * One model's answers. Prompts are matched by text (created when new); a response already stored for the
 * same model, prompt and text is a duplicate. Comparisons are then built on the prompts this file touched
 * (`onPairsAdded` hears them chunk by chunk, as they commit). Validated whole, then written in chunks, like importPrompts.
 */
export async function importResponses(store: Store, input: ResponsesInput, onPairsAdded?: (count: number) => void): Promise<ImportResult> {
  const rows = await parseRows(ResponseRowSchema, await readRows(input.format, input.content));
  const written = await writeInChunks(store, rows, (row) => {
    const prompt = store.prompts.upsert({ text: row.text, messages: row.messages, source: `model:${input.model}` });
    const response = store.responses.upsert({ promptId: prompt.id, modelName: input.model, text: row.output });
    return { promptId: prompt.id, newPrompt: prompt.created, newResponse: response.created };
  });
  const prompts = written.filter((r) => r.newPrompt).length;
  const responses = written.filter((r) => r.newResponse).length;
  const touched = new Set(written.map((r) => r.promptId)); // in file order, as the comparisons are built
  const comparisons = input.buildComparisons === false ? 0 : await buildComparisonsInChunks(store, { promptIds: touched }, onPairsAdded);
  return { rows: rows.length, prompts, responses, comparisons, duplicates: rows.length - responses };
}
