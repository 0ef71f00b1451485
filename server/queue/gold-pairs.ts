// Gold pairs written by an admin in the UI: a prompt, two responses (model name GOLD_MODEL) and the known
// right answer. Every annotator gets each gold pair once, at the configured gold rate (queue/order.ts).
import type { AdminComparison } from '../../shared/schemas/admin';
import type { GoldPairCreate, GoldPairEdit } from '../../shared/schemas/data';
import { HttpError, notFound } from '../errors';
import type { Store } from '../store';

/** The "model" of responses written for gold pairs. */
export const GOLD_MODEL = 'gold';

/** The stored prompt and responses for these texts (existing rows when the same texts were stored before). */
function storeTexts(store: Store, texts: { prompt: string; responseA: string; responseB: string }) {
  if (texts.responseA === texts.responseB) throw new HttpError(400, 'same_responses', 'The two responses must differ');
  const prompt = store.prompts.upsert({ text: texts.prompt, source: GOLD_MODEL });
  const a = store.responses.upsert({ promptId: prompt.id, modelName: GOLD_MODEL, text: texts.responseA });
  const b = store.responses.upsert({ promptId: prompt.id, modelName: GOLD_MODEL, text: texts.responseB });
  if (store.comparisons.pairExists(a.id, b.id)) throw new HttpError(409, 'pair_exists', 'A comparison of these two responses already exists');
  return { promptId: prompt.id, responseA: a.id, responseB: b.id };
}

export function createGoldPair(store: Store, input: GoldPairCreate): AdminComparison {
  return store.transaction(() => {
    const texts = storeTexts(store, input);
    const id = store.comparisons.insert({ ...texts, kind: 'gold', priority: 0, overlapTarget: 1, goldAnswer: input.answer });
    return store.comparisons.byId(id) as AdminComparison;
  });
}

/** The answer always; the texts (all three) only while nobody has labelled the pair. */
export function editGoldPair(store: Store, id: number, edit: GoldPairEdit): AdminComparison {
  return store.transaction(() => {
    const current = store.comparisons.byId(id);
    if (!current) throw notFound('Comparison');
    if (current.kind !== 'gold') throw new HttpError(409, 'not_gold', 'This comparison is not a gold pair');
    const { prompt, responseA, responseB } = edit;
    const texts = prompt !== undefined || responseA !== undefined || responseB !== undefined;
    if (texts) {
      if (prompt === undefined || responseA === undefined || responseB === undefined) {
        throw new HttpError(400, 'incomplete_texts', 'Send the prompt and both responses together');
      }
      const unchanged = prompt === current.promptText && responseA === current.responseA.text && responseB === current.responseB.text;
      if (!unchanged) {
        if (current.labelCount > 0) throw new HttpError(409, 'gold_labelled', 'Annotators have labelled this pair: only its answer can change');
        const stored = storeTexts(store, { prompt, responseA, responseB });
        store.dataBrowser.repointGold(id, stored.promptId, stored.responseA, stored.responseB);
      }
    }
    store.dataBrowser.setGoldAnswer(id, edit.answer);
    return store.comparisons.byId(id) as AdminComparison;
  });
}
