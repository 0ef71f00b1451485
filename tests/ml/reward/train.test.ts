import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../server/ml/backend';
import { PRESETS } from '../../../server/ml/model/config';
import { GPT } from '../../../server/ml/model/gpt';
import { charTokenizer } from '../../../server/ml/model/tokenizer';
import type { PreferencePair } from '../../../server/ml/reward/dataset';
import { encodePairs } from '../../../server/ml/reward/evaluate';
import { RewardModel } from '../../../server/ml/reward/model';
import { trainRewardModel } from '../../../server/ml/reward/train';
import { createRng } from '../../../server/ml/random';

const tok = charTokenizer();

/** Random lowercase answers; the preferred one contains an 'x' somewhere (the learnable property). */
function syntheticPairs(n: number, seed: number): PreferencePair[] {
  const rand = createRng(seed).next;
  const word = (len: number) => Array.from({ length: len }, () => 'abcdefgh'[Math.floor(rand() * 8)]).join('');
  return Array.from({ length: n }, (_, i) => {
    const plain = word(4 + Math.floor(rand() * 4));
    const at = Math.floor(rand() * (plain.length + 1));
    return {
      promptId: i,
      comparisonId: i,
      prompt: `Q${i % 10}`,
      chosen: `${plain.slice(0, at)}x${plain.slice(at)}`,
      rejected: word(5 + Math.floor(rand() * 4)),
      strength: i % 4,
      margin: 0,
    };
  });
}

beforeAll(async () => {
  await initBackend();
});

describe('reward model', () => {
  it('has one head per ensemble member, std ≈ 1/√(C+1), no bias, read at the last real token', () => {
    const rm = new RewardModel(new GPT(PRESETS.nano, { seed: 0 }), tok, { ensemble: 3, headSeed: 5 });
    const C = PRESETS.nano.nEmbd;
    expect(rm.heads.shape).toEqual([C, 3]);
    const w = Array.from(rm.heads.dataSync() as Float32Array);
    const std = Math.sqrt(w.reduce((s, x) => s + x * x, 0) / w.length);
    expect(std).toBeGreaterThan(0.5 / Math.sqrt(C + 1));
    expect(std).toBeLessThan(1.5 / Math.sqrt(C + 1));
    // the same row alone or right-padded next to a longer one gives the same reward
    const short = tok.encode('hi there');
    const long = tok.encode('hello, something longer');
    const [alone, padded] = tf.tidy(() => {
      const a = rm.rewards(tf.tensor2d([short], undefined, 'int32'), [short.length]).arraySync() as number[][];
      const rows = [[...short, ...Array(long.length - short.length).fill(tok.padId)], long];
      const b = rm.rewards(tf.tensor2d(rows, undefined, 'int32'), [short.length, long.length]).arraySync() as number[][];
      return [a[0], b[0]];
    });
    for (let k = 0; k < 3; k++) expect(padded[k]).toBeCloseTo(alone[k], 4);
    rm.dispose();
  });

  it('learns a preference for answers containing "x": held-out accuracy ≥ 90 % (nano)', async () => {
    const rm = new RewardModel(new GPT(PRESETS.nano, { seed: 1 }), tok);
    const steps: Record<string, number>[] = [];
    const result = await trainRewardModel({
      rm,
      train: syntheticPairs(512, 1),
      eval: syntheticPairs(128, 2),
      config: { lr: 3e-3, batchSize: 16, steps: 120, warmupSteps: 10, evalEvery: 60, maxLen: 32 },
      onStep: (m) => steps.push(m),
    });
    console.info(`synthetic RM: held-out accuracy ${result.eval['eval/accuracy']}, loss ${result.eval['eval/loss']?.toFixed(3)}, ${result.seconds.toFixed(1)} s`);
    expect(result.steps).toBe(120);
    expect(result.eval['eval/accuracy']).toBeGreaterThanOrEqual(0.9);
    // one flat, namespaced record per step; held-out metrics on the eval steps
    expect(Object.keys(steps[0]).sort()).toEqual(['grad_norm', 'loss/train', 'lr', 'rm/accuracy_train', 'step', 'tokens_per_s']);
    for (const key of ['eval/accuracy', 'eval/loss', 'rm/reward_mean', 'rm/reward_std', 'rm/margin', 'eval/accuracy_strength_0', 'eval/accuracy_strength_3']) {
      expect(Number.isFinite(steps[59][key])).toBe(true);
      expect(Number.isFinite(steps[119][key])).toBe(true);
    }
    expect(steps[119]['rm/margin']).toBeGreaterThan(0);
    expect(steps[119]['loss/train']).toBeLessThan(steps[0]['loss/train']);
    rm.dispose();
  }, 240_000);

  it('a training step changes every trainable variable and leaks no tensor (after one burn-in step)', async () => {
    const rm = new RewardModel(new GPT(PRESETS.nano, { seed: 2 }), tok, { ensemble: 2 });
    const pairs = syntheticPairs(16, 3);
    const before = rm.trainableVariables().map((v) => v.dataSync().slice());
    await trainRewardModel({ rm, train: pairs, config: { lr: 1e-3, batchSize: 8, steps: 1, warmupSteps: 0 } });
    const after = rm.trainableVariables().map((v) => v.dataSync());
    const unchanged = after.filter((a, i) => a.every((x, j) => x === before[i][j])).length;
    expect(unchanged).toBe(0);

    const count = tf.memory().numTensors;
    await trainRewardModel({ rm, train: pairs, eval: pairs.slice(0, 4), config: { lr: 1e-3, batchSize: 8, steps: 2 } });
    expect(tf.memory().numTensors).toBe(count);
    rm.dispose();
  });

  it('stops between steps when aborted', async () => {
    const rm = new RewardModel(new GPT(PRESETS.nano, { seed: 3 }), tok);
    const controller = new AbortController();
    let seen = 0;
    const run = trainRewardModel({
      rm,
      train: syntheticPairs(64, 4),
      config: { batchSize: 4, steps: 50 },
      signal: controller.signal,
      onStep: () => {
        if (++seen === 2) controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(seen).toBe(2);
    rm.dispose();
  });

  it('encodes the pairs with the chat template and an EOS last', () => {
    const rm = new RewardModel(new GPT(PRESETS.nano, { seed: 0 }), tok);
    const [p] = encodePairs(rm, syntheticPairs(1, 9), 32);
    expect(p.chosen.at(-1)).toBe(tok.eosId);
    expect(tok.decode(p.chosen)).toContain('Assistant:\n');
    rm.dispose();
  });
});
