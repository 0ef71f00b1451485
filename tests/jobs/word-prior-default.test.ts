// The rm job's word-prior default (server/jobs/stored-labels.ts wordPriorByDefault): on for English data, off when most
// training prompts come from the task world — decided from the prompts in SQLite.
import { describe, expect, it } from 'vitest';
import { wordPriorByDefault } from '../../server/jobs/stored-labels';
import { createStore } from '../../server/store';
import { openDatabase } from '../../server/store/db';

describe('wordPriorByDefault', () => {
  it('is on unless more than half of the distinct training prompts have a task family', () => {
    const store = createStore(openDatabase(':memory:'));
    const task = [1, 2, 3].map((i) => store.prompts.upsert({ text: `What is ${i} + ${i}?`, source: 'task-world', taskFamily: 'add' }).id);
    const english = [1, 2, 3].map((i) => store.prompts.upsert({ text: `How do I bake bread, step ${i}?`, source: 'import' }).id);
    const pairs = (ids: number[]) => ids.map((promptId) => ({ promptId }));
    expect(wordPriorByDefault(store, pairs(english))).toBe(true);
    expect(wordPriorByDefault(store, pairs(task))).toBe(false);
    expect(wordPriorByDefault(store, pairs([...task.slice(0, 2), ...english.slice(0, 1)]))).toBe(false); // 2 of 3
    expect(wordPriorByDefault(store, pairs([...task.slice(0, 1), ...english.slice(0, 1)]))).toBe(true); // half
    // many labels on one task-world prompt count once
    expect(wordPriorByDefault(store, pairs([task[0], task[0], task[0], english[0], english[1]]))).toBe(true);
    expect(wordPriorByDefault(store, [])).toBe(false);
    store.db.close();
  });
});
