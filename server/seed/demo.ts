import type { Store } from '../store';
import { buildComparisons } from '../import/comparisons';
import { arithmetic, countLetters, type DemoMaker, type DemoTask, formatting, OPEN_ENDED, reverseWord, sorting } from './demoTasks';
import { createRng as rng } from '../ml/random';

/** The two pseudo-models of the demo set. */
export const DEMO_MODELS = { careful: 'demo-careful', sloppy: 'demo-sloppy' } as const;
const SEED = 20240601;
const PER_FAMILY = 5;
const GOLD_COUNT = 4;

/** ~30 generated prompts (5 per verifiable family + open-ended ones), deterministic for a given seed. */
export function demoTasks(seed = SEED): DemoTask[] {
  const r = rng(seed);
  const makers: DemoMaker[] = [arithmetic, sorting, reverseWord, countLetters, formatting];
  const generated = makers.flatMap((make) => Array.from({ length: PER_FAMILY }, (_, i) => make(r, i)));
  return [...generated, ...OPEN_ENDED];
}

/**
 * On an empty database: the demo prompts, one careful and one sloppy answer each, a comparison per
 * prompt, and a few of them marked gold (the careful answer is the known right one). One transaction.
 * The ML team replaces this with samples from the starter policy.
 */
export function seedDemo(store: Store, seed = SEED): { prompts: number; comparisons: number; gold: number } {
  return store.transaction(() => {
    const tasks = demoTasks(seed);
    const careful = new Map<number, number>(); // prompt id → careful response id
    let prompts = 0;
    for (const task of tasks) {
      const prompt = store.prompts.upsert({ text: task.prompt, source: 'demo', taskFamily: task.family, tags: ['demo'] });
      careful.set(prompt.id, store.responses.upsert({ promptId: prompt.id, modelName: DEMO_MODELS.careful, text: task.careful }).id);
      store.responses.upsert({ promptId: prompt.id, modelName: DEMO_MODELS.sloppy, text: task.sloppy });
      if (prompt.created) prompts++;
    }
    const coin = rng(seed + 1);
    const comparisons = buildComparisons(store, { promptIds: careful.keys(), coin: () => coin.next() < 0.5 });
    // gold pairs spread over the families: every 7th comparison
    const gold = store.comparisons.page({ limit: 500, offset: 0 }).items.filter((_, i) => i % 7 === 0).slice(0, GOLD_COUNT);
    for (const c of gold) store.comparisons.setGold(c.id, careful.get(c.promptId) === c.responseA.id ? 'a' : 'b');
    return { prompts, comparisons, gold: gold.length };
  });
}
