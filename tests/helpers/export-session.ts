import { expect } from 'vitest';
import { API } from '../../shared/api';
import type { TestApp } from './app';

/**
 * The policy-version part of the export tests' labelling session: two policy versions answer "plain 1" (policy
 * samples are written by jobs; here straight through the store), then an eval pair v1 vs v2 and a train pair v2 vs
 * model-x are built through the API. The prompts and model-x's answers must be imported first.
 */
export async function addPolicyVersionPairs(app: TestApp): Promise<void> {
  const { store } = app.server.ctx;
  const promptId = store.db.prepare("SELECT id FROM prompts WHERE text = 'plain 1'").pluck().get() as number;
  store.transaction(() => {
    for (const v of [1, 2]) {
      const policy = store.policies.register({ kind: 'builtin', checkpointPath: null });
      store.responses.upsert({ promptId, policyId: policy.id, text: `v${v} says 1` });
    }
  });
  const build = (body: unknown) => app.admin.post<{ comparisons: number }>(API.admin.buildComparisons, body);
  expect((await build({ modelA: 'policy:v1', modelB: 'policy:v2', kind: 'eval' })).body.comparisons).toBe(1);
  expect((await build({ modelA: 'policy:v2', modelB: 'model-x' })).body.comparisons).toBe(1);
}
