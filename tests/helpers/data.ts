import { API } from '../../shared/api';
import type { ImportResult } from '../../shared/schemas/imports';
import type { ApiClient } from './client';

/** n prompts answered by two models through the import API → n comparisons. */
export async function importPairs(admin: ApiClient, n: number, prefix = 'prompt', models = ['model-x', 'model-y']): Promise<ImportResult[]> {
  const results: ImportResult[] = [];
  for (const model of models) {
    const content = Array.from({ length: n }, (_, i) => JSON.stringify({ prompt: `${prefix} ${i}`, output: `${model} answers ${prefix} ${i}` })).join('\n');
    const response = await admin.post<ImportResult>(API.admin.importResponses, { format: 'jsonl', model, content });
    if (response.status !== 200) throw new Error(`import failed: ${response.status} ${response.text}`);
    results.push(response.body);
  }
  return results;
}

/** A label body for an assignment, with a fresh idempotency key unless one is given. */
export function labelFor(assignmentId: number, key = `key-${assignmentId}-${Math.random().toString(36).slice(2)}`) {
  return { assignmentId, pick: 'left' as const, strength: 2, timeMs: 1234, idempotencyKey: key };
}
