import { randomInt } from 'node:crypto';
import type { ComparisonKind } from '../../shared/schemas/queue';
import type { Store } from '../store';
import { commitChunk, runChunk, yieldToEventLoop } from './chunks';

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
 * no comparison yet becomes one, with the current overlap k. Call inside the caller's transaction (the demo
 * seed's); routes and imports use buildComparisonsInChunks.
 */
export function buildComparisons(store: Store, options: BuildOptions = {}): number {
  const build = pairBuilder(store, options);
  const overlapTarget = store.settings.queue().overlap;
  let created = 0;
  for (const promptId of options.promptIds ?? store.responses.promptsWithResponses()) created += build(promptId, overlapTarget).created;
  return created;
}

/** Prompt ids read per query when building over every prompt (keyset pages: no list of all prompts at once). */
const ID_PAGE = 5_000;

/**
 * buildComparisons in chunks (chunks.ts): each transaction takes prompts until it has looked at CHUNK_ROWS
 * response pairs (or CHUNK_MS passed), then the event loop gets a turn. The same comparisons, in the same order; each chunk commits
 * on its own, and a build interrupted midway is completed by building again (pairs already compared are skipped).
 * `onPairsAdded` hears each chunk's new comparisons as soon as they are committed (annotators need not wait for the end).
 */
export async function buildComparisonsInChunks(store: Store, options: BuildOptions = {}, onPairsAdded?: (count: number) => void): Promise<number> {
  const build = pairBuilder(store, options);
  let created = 0;
  for await (const ids of promptIdPages(store, options.promptIds)) {
    for (let next = 0; next < ids.length; ) {
      const chunk = await commitChunk(store, () => {
        const overlapTarget = store.settings.queue().overlap; // per chunk: k may change between them
        let made = 0;
        const end = runChunk(next, ids.length, (i) => {
          const step = build(ids[i], overlapTarget);
          made += step.created;
          return 1 + step.pairs; // a chunk's weight: prompts and the pairs looked at
        });
        return { end, made };
      });
      next = chunk.end;
      created += chunk.made;
      if (chunk.made > 0) onPairsAdded?.(chunk.made);
      await yieldToEventLoop();
    }
  }
  return created;
}

/** The given prompt ids, or every prompt with responses, ID_PAGE ids at a time (oldest first). */
async function* promptIdPages(store: Store, promptIds: Iterable<number> | undefined): AsyncGenerator<number[]> {
  if (promptIds !== undefined) {
    yield [...promptIds];
    return;
  }
  for (let after = 0; ; ) {
    const page = store.responses.promptsWithResponsesAfter(after, ID_PAGE);
    if (page.length > 0) yield page;
    if (page.length < ID_PAGE) return;
    after = page[page.length - 1];
  }
}

/** One prompt's missing pairs → comparisons; says how many it created and how many pairs it looked at. */
function pairBuilder(store: Store, options: BuildOptions): (promptId: number, overlapTarget: number) => { created: number; pairs: number } {
  const coin = options.coin ?? (() => randomInt(2) === 0);
  return (promptId, overlapTarget) => {
    const responses = store.responses.modelsOfPrompt(promptId);
    let created = 0;
    let pairs = 0;
    for (let i = 0; i < responses.length; i++) {
      for (let j = i + 1; j < responses.length; j++) {
        const [x, y] = [responses[i], responses[j]];
        pairs++;
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
    return { created, pairs };
  };
}

function wanted(x: string, y: string, { modelA, modelB }: BuildOptions): boolean {
  const named = [modelA, modelB].filter((m): m is string => m !== undefined);
  return named.every((m) => m === x || m === y);
}
