// Reward-model and loop jobs read the stored labels in their worker (server/jobs/stored-labels.ts) on a read-only
// connection of their own: the same pairs as reading them on the server's thread, the label count and the word
// prior's default decided on them, a clear error without a pair, and an in-memory database read in place.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dpoKind, DpoJobConfigSchema } from '../../server/jobs/kinds/dpo';
import { RmJobConfigSchema, requireDecisiveLabels, rmKind, storedLabels } from '../../server/jobs/kinds/rm';
import type { JobContext } from '../../server/jobs/kind';
import { readStoredDataset, resolveStoredDpoPairs, resolveStoredLabels, wordPriorByDefault } from '../../server/jobs/stored-labels';
import { buildDataset } from '../../server/ml/reward/dataset';
import type { RmTaskInput } from '../../server/ml/reward/run';
import { createStore, type Store } from '../../server/store';
import { openDatabase } from '../../server/store/db';

const OPTIONS = { heldoutFraction: 0.3, seed: 1 };
const dir = mkdtempSync(join(os.tmpdir(), 'prefloop-stored-labels-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `n` English prompts with two answers each and one label per comparison, cycling through `choices`. */
function seed(store: Store, n: number, choices: readonly ('a' | 'b')[] = ['a', 'a', 'b']): void {
  const user = store.users.create('rater', 'annotator', 'x').id;
  store.transaction(() => {
    for (let i = 0; i < n; i++) {
      const promptId = store.prompts.upsert({ text: `How do I bake bread, take ${i}?`, source: 'import' }).id;
      const [a, b] = ['knead it well', 'buy some'].map((t, m) => store.responses.upsert({ promptId, modelName: `m${m}`, text: `${t} ${i}` }).id);
      const comparisonId = store.comparisons.insert({ promptId, responseA: a, responseB: b, kind: 'train', priority: 0, overlapTarget: 1 });
      store.rewardData.insertImportedLabel({ comparisonId, userId: user, choice: choices[i % choices.length], strength: 2, idempotencyKey: `k${i}` });
    }
  });
}

const rmInput = (): RmTaskInput => ({ init: { policyDir: 'unused' }, outDir: 'unused', train: [], eval: [], reference: [], config: {}, meta: { parentId: null } });

describe('stored labels read on a connection of their own', () => {
  it('give the same pairs as the server thread would, with the label count and the word-prior default', () => {
    const file = join(dir, 'labels.db');
    const store = createStore(openDatabase(file));
    seed(store, 40);
    const stored = storedLabels(store, OPTIONS);
    expect(stored).toEqual({ dbFile: file, options: OPTIONS });
    const inPlace = buildDataset(store.rewardData.labelRows(), OPTIONS);
    expect(inPlace.train.length).toBeGreaterThan(0);
    expect(inPlace.heldout.length).toBeGreaterThan(0);
    expect(readStoredDataset(stored!)).toEqual(inPlace);

    const resolved = resolveStoredLabels({ ...rmInput(), stored });
    expect(resolved).not.toHaveProperty('stored');
    expect(resolved.train).toEqual(inPlace.train);
    expect(resolved.eval).toEqual(inPlace.heldout);
    expect(resolved.meta).toEqual({ parentId: null, labelCount: 40 });
    expect(resolved.config?.wordPrior).toBe(wordPriorByDefault(store, inPlace.train));
    expect(resolved.config?.wordPrior).toBe(true); // English prompts
    // an explicit choice is kept
    expect(resolveStoredLabels({ ...rmInput(), config: { wordPrior: false }, stored }).config?.wordPrior).toBe(false);

    // DPO reads the same pairs: the prompt and both answers
    const dpo = resolveStoredDpoPairs({ checkpointDir: 'unused', outDir: 'unused', train: [], eval: [], meta: { jobId: 7 }, stored });
    expect(dpo).not.toHaveProperty('stored');
    expect(dpo.train).toEqual(inPlace.train.map(({ prompt, chosen, rejected }) => ({ prompt, chosen, rejected })));
    expect(dpo.eval).toHaveLength(inPlace.heldout.length);
    expect(dpo.meta).toEqual({ jobId: 7, labelCount: 40 });
    store.db.close();
  });

  it('refuse a dataset without a pair, and the cheap check at job creation refuses no decisive label', () => {
    const file = join(dir, 'empty.db');
    const store = createStore(openDatabase(file));
    expect(() => requireDecisiveLabels(store)).toThrow(/No preference pairs/);
    seed(store, 3, ['a']);
    expect(() => requireDecisiveLabels(store)).not.toThrow();
    // every prompt held out: pairs, but none to train on
    const allHeldOut = { heldoutFraction: 1, seed: 0 };
    expect(buildDataset(store.rewardData.labelRows(), allHeldOut)).toMatchObject({ train: [], labels: 3 });
    expect(() => resolveStoredLabels({ ...rmInput(), stored: storedLabels(store, allHeldOut) })).toThrow(/No preference pairs to train on \(3 labels/);
    store.db.close();
  });

  it("are what the rm and dpo jobs' prepare leaves to the worker on a file; in memory it reads them itself, the same pairs", async () => {
    const prepared = async (file: string) => {
      const store = createStore(openDatabase(file));
      seed(store, 30);
      store.policies.activate(store.policies.register({ kind: 'builtin', checkpointPath: join(dir, 'policy') }).id);
      const ctx = { store } as JobContext;
      const run = { jobId: 1, signal: new AbortController().signal };
      const rm = await rmKind.prepare!(ctx, RmJobConfigSchema.parse({}), run);
      const dpo = await dpoKind.prepare!(ctx, DpoJobConfigSchema.parse({}), run);
      return { store, rm, dpo };
    };
    const onFile = await prepared(join(dir, 'prepare.db'));
    expect(onFile.rm.train).toEqual([]);
    expect(onFile.rm.stored?.dbFile).toBe(join(dir, 'prepare.db'));
    expect(onFile.rm.meta).not.toHaveProperty('labelCount');
    expect(onFile.dpo.train).toEqual([]);
    expect(onFile.dpo.stored?.dbFile).toBe(join(dir, 'prepare.db'));

    const inMemory = await prepared(':memory:');
    expect(inMemory.rm).not.toHaveProperty('stored');
    expect(inMemory.rm.train.length).toBeGreaterThan(0);
    expect(inMemory.dpo).not.toHaveProperty('stored');
    const resolved = resolveStoredLabels(onFile.rm);
    expect(resolved.train).toEqual(inMemory.rm.train);
    expect(resolved.eval).toEqual(inMemory.rm.eval);
    expect(resolved.meta?.labelCount).toBe(inMemory.rm.meta?.labelCount);
    expect(resolved.config?.wordPrior).toBe(inMemory.rm.config?.wordPrior);
    expect(resolveStoredDpoPairs(onFile.dpo).train).toEqual(inMemory.dpo.train);
    onFile.store.db.close();
    inMemory.store.db.close();
  });

  it('leave an in-memory database to be read in place (a second connection cannot open it)', () => {
    const store = createStore(openDatabase(':memory:'));
    expect(storedLabels(store, OPTIONS)).toBeUndefined();
    const input = rmInput();
    expect(resolveStoredLabels(input)).toEqual(input);
    store.db.close();
  });
});
