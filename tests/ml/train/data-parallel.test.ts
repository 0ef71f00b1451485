import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../server/ml/backend';
import { PRESETS } from '../../../server/ml/model/config';
import { GPT } from '../../../server/ml/model/gpt';
import { charTokenizer } from '../../../server/ml/model/tokenizer';
import { encodeSftExamples } from '../../../server/ml/sft/sft';
import { sftConfig } from '../../../server/ml/sft/config';
import { SftTrainer } from '../../../server/ml/sft/trainer';
import { DataParallelTrainer, shardRows, targetCount } from '../../../server/ml/train/data-parallel';

const tok = charTokenizer();
const rows = encodeSftExamples(
  tok,
  [
    { prompt: 'What is 2+3?', response: '5' },
    { prompt: 'Reverse: abc', response: 'cba' },
    { prompt: 'Uppercase: hi there', response: 'HI THERE' },
    { prompt: 'Count the a in banana', response: '3' },
    { prompt: 'Sort: 3, 1, 2', response: '1, 2, 3' },
  ],
  32,
);
const cfg = PRESETS.nano;
const optimizer = { lr: 1e-2, totalSteps: 10, warmupSteps: 0, maxGradNorm: 1.0 };
const weightsOf = (m: GPT) => new Map([...m.namedWeights()].map(([k, v]) => [k, Float32Array.from(v.dataSync())]));

beforeAll(async () => {
  await initBackend();
});

describe('sharding', () => {
  it('keeps every row once and balances tokens', () => {
    const shards = shardRows(rows, 2);
    expect(shards.flat().length).toBe(rows.length);
    expect(new Set(shards.flat())).toEqual(new Set(rows));
    const load = shards.map((s) => s.reduce((a, r) => a + r.tokens.length, 0));
    const longest = Math.max(...rows.map((r) => r.tokens.length));
    expect(Math.abs(load[0] - load[1])).toBeLessThanOrEqual(longest);
  });
  it('counts the targets the loss sees', () => {
    expect(targetCount({ tokens: [5, 6, 7, 8] }, 10)).toBe(3);
    expect(targetCount({ tokens: [5, 6, 7, 8], lossMask: [0, 0, 1, 1] }, 10)).toBe(2);
    expect(targetCount({ tokens: [5, 6, 7, 8], lossMask: [0, 0, 1, 1] }, 3)).toBe(1);
  });
});

describe('data-parallel training', () => {
  let dp: DataParallelTrainer | undefined;
  afterAll(async () => dp?.close());

  it('two workers give the same update as one trainer on the whole batch', async () => {
    const single = new GPT(cfg, { seed: 3 });
    const start = weightsOf(single);
    const trainer = new SftTrainer(single, tok.padId, sftConfig({ lr: optimizer.lr, warmupSteps: 0, maxLen: 32 }), optimizer.totalSteps);
    dp = await DataParallelTrainer.create({ workers: 2, config: cfg, weights: start, optimizer, padId: tok.padId, maxLen: 32 });
    for (let s = 0; s < 2; s++) {
      const a = trainer.trainStep(rows);
      const b = await dp.trainStep(rows);
      expect(b['loss/train']).toBeCloseTo(a['loss/train'], 4);
      expect(b.grad_norm).toBeCloseTo(a.grad_norm, 3);
    }
    const expected = weightsOf(single);
    const got = await dp.weights();
    let moved = 0;
    let diff = 0;
    for (const [name, w] of expected) {
      const g = got.get(name) as Float32Array;
      const w0 = start.get(name) as Float32Array;
      for (let i = 0; i < w.length; i++) {
        moved = Math.max(moved, Math.abs(w[i] - w0[i]));
        diff = Math.max(diff, Math.abs(w[i] - g[i]));
      }
    }
    expect(moved).toBeGreaterThan(1e-3); // the step did something
    expect(diff).toBeLessThan(moved * 1e-3);
    const evalDp = await dp.evalLoss(rows, 2);
    expect(evalDp).toBeCloseTo(trainer.evalLoss(rows), 4);
    trainer.dispose();
    single.dispose();
  }, 120_000);
});
