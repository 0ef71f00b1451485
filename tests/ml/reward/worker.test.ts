import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../server/ml/backend';
import { saveCheckpoint } from '../../../server/ml/model/checkpoint';
import { PRESETS } from '../../../server/ml/model/config';
import { GPT } from '../../../server/ml/model/gpt';
import { loadRewardModel } from '../../../server/ml/reward/checkpoint';
import type { PreferencePair } from '../../../server/ml/reward/dataset';
import { trainRewardModelInWorker } from '../../../server/ml/reward/in-worker';
import { scoreTexts } from '../../../server/ml/reward/score';

const root = mkdtempSync(path.join(tmpdir(), 'prefloop-rm-worker-'));
const policyDir = path.join(root, 'policy');

beforeAll(async () => {
  await initBackend();
  const model = new GPT(PRESETS.nano, { seed: 0 });
  await saveCheckpoint(policyDir, model, { tokenizer: 'char' });
  model.dispose();
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const pair = (i: number): PreferencePair => ({ promptId: i, comparisonId: i, prompt: `p${i}`, chosen: `good ${i}`, rejected: `bad ${i}`, strength: 1, margin: 1 / 3 });

describe('reward-model training in a worker thread', () => {
  it('takes plain data, streams step metrics, writes a normalised checkpoint', async () => {
    const steps: Record<string, number>[] = [];
    const outDir = path.join(root, 'rm');
    const reference = Array.from({ length: 8 }, (_, i) => ({ prompt: `ref ${i}`, response: `sample ${i * 3}` }));
    const result = await trainRewardModelInWorker(
      { init: { policyDir }, outDir, train: Array.from({ length: 16 }, (_, i) => pair(i)), eval: [pair(100), pair(101)], reference, config: { batchSize: 4, steps: 3, maxLen: 32, ensemble: 2 }, meta: { labelCount: 18 } },
      { onStep: (m) => steps.push(m) },
    );
    expect(steps.map((m) => m.step)).toEqual([1, 2, 3]);
    expect(result).toMatchObject({ outDir, steps: 3, pairs: { train: 16, eval: 2 }, meta: { labelCount: 18 } });
    expect(result.valAccuracy).toBe(result.metrics['eval/accuracy']);
    const { rm, meta } = await loadRewardModel(outDir);
    expect(meta.labelCount).toBe(18);
    expect(rm.ensemble).toBe(2);
    expect(rm.normalisation).toEqual(result.normalisation);
    const { scores } = scoreTexts(rm, reference.map((r) => r.prompt), reference.map((r) => r.response));
    const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
    expect(Math.abs(mean)).toBeLessThan(1e-4); // the reference samples score mean 0 under the stored normalisation
    rm.dispose();
  }, 240_000); // worker start-up (tsx + tfjs) is slow on a busy 2-core machine
});
