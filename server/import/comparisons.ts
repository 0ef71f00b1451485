import { randomInt } from 'node:crypto';
import type { ComparisonKind } from '../../shared/schemas/queue';
import type { Store } from '../store';

export interface BuildOptions {
  /** only these prompts (an import's); omitted = every prompt with responses */
  promptIds?: Iterable<number>;
  /** only pairs of these models (one or both named) */
  modelA?: string;
  modelB?: string;
  kind?: ComparisonKind;
  priority?: number;
  /** which response is stored as a: a fair coin by default, a seeded one for the demo */
  coin?: () => boolean;
}

/**
 * For each prompt, every pair of responses written by different models (model name, or policy:vN) that has
 * no comparison yet becomes one, with the current overlap k. Call inside the caller's transaction.
 */
export function buildComparisons(store: Store, options: BuildOptions = {}): number {
  const coin = options.coin ?? (() => randomInt(2) === 0);
  const overlapTarget = store.settings.queue().overlap;
  let created = 0;
  for (const promptId of options.promptIds ?? store.responses.promptsWithResponses()) {
    const responses = store.responses.modelsOfPrompt(promptId);
    for (let i = 0; i < responses.length; i++) {
      for (let j = i + 1; j < responses.length; j++) {
        const [x, y] = [responses[i], responses[j]];
        if (x.model === y.model || !wanted(x.model, y.model, options)) continue;
        if (store.comparisons.pairExists(x.id, y.id)) continue;
        const [a, b] = coin() ? [x, y] : [y, x];
        store.comparisons.insert({
          promptId,
          responseA: a.id,
          responseB: b.id,
          kind: options.kind ?? 'train',
          priority: options.priority ?? 0,
          overlapTarget,
        });
        created++;
      }
    }
  }
  return created;
}

function wanted(x: string, y: string, { modelA, modelB }: BuildOptions): boolean {
  const named = [modelA, modelB].filter((m): m is string => m !== undefined);
  return named.every((m) => m === x || m === y);
}
