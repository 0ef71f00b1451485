import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../server/ml/backend';
import { PRESETS } from '../../../server/ml/model/config';
import { GPT } from '../../../server/ml/model/gpt';
import { charTokenizer } from '../../../server/ml/model/tokenizer';
import { bestOfN, pickBest } from '../../../server/ml/rl/best-of-n';
import { fineTuneOnBest, rftConfig } from '../../../server/ml/rl/best-of-n-run';
import { mean } from '../../../server/ml/rl/math';
import type { RewardFn, RlPrompt } from '../../../server/ml/rl/reward-fn';

const tok = charTokenizer();
/** The toy task: the number of characters with an even code (a random nano model gets about half right). */
const evenChars: RewardFn = (_, responses) => responses.map((r) => [...r].filter((ch) => ch.charCodeAt(0) % 2 === 0).length);
const promptsOf = (count: number): RlPrompt[] => Array.from({ length: count }, (_, i) => ({ prompt: `p${i}` }));

let model: GPT | undefined;
beforeAll(async () => {
  await initBackend();
});
afterEach(() => {
  model?.dispose();
  model = undefined;
});

describe('pickBest', () => {
  it('takes the argmax of each group of n, the first one on ties', () => {
    expect(pickBest([1, 3, 2, 5, 5, 0], 3)).toEqual([1, 0]);
    expect(pickBest([0, 0, 0, 0], 2)).toEqual([0, 0]);
    expect(pickBest([-2, -1, 7, 7], 4)).toEqual([2]);
    expect(pickBest([4, 9, 1], 1)).toEqual([0, 0, 0]);
    expect(pickBest([], 3)).toEqual([]);
  });

  it('refuses scores that are not whole groups', () => {
    expect(() => pickBest([1, 2, 3], 2)).toThrow(/groups of 2/);
    expect(() => pickBest([1, 2], 0)).toThrow();
  });
});

describe('bestOfN', () => {
  it('returns per prompt the max of its n scores, scored against its own prompt', () => {
    model = new GPT(PRESETS.nano, { seed: 3 });
    const prompts = promptsOf(5);
    const seen: string[] = [];
    const reward: RewardFn = (ps, rs) => {
      seen.push(...ps.map((p) => p.prompt as string));
      return evenChars(ps, rs);
    };
    const groups = bestOfN(model, tok, prompts, reward, { n: 4, maxNewTokens: 8, batchSize: 6, seed: 1 });

    expect(seen).toEqual(prompts.flatMap((p) => Array(4).fill(p.prompt))); // contiguous groups of n
    expect(groups).toHaveLength(5);
    for (const [p, g] of groups.entries()) {
      expect(g.prompt).toBe(prompts[p]);
      expect(g.scores).toHaveLength(4);
      expect(g.bestScore).toBe(Math.max(...g.scores));
      expect(evenChars([g.prompt], [g.best.text])).toEqual([g.bestScore]); // the kept text is the one that scored it
      expect(g.meanScore).toBeCloseTo(mean(g.scores), 10);
    }
    expect(mean(groups.map((g) => g.bestScore))).toBeGreaterThanOrEqual(mean(groups.flatMap((g) => g.scores)));
    expect(new Set(groups.flatMap((g) => g.scores)).size).toBeGreaterThan(1); // samples differ: picking means something
  });

  it('same seed ⇒ same samples; leaves no tensors behind', () => {
    model = new GPT(PRESETS.nano, { seed: 3 });
    const opts = { n: 3, maxNewTokens: 6, seed: 7 };
    const first = bestOfN(model, tok, promptsOf(3), evenChars, opts);
    const tensors = tf.memory().numTensors;
    const again = bestOfN(model, tok, promptsOf(3), evenChars, opts);
    expect(tf.memory().numTensors).toBe(tensors);
    expect(again.map((g) => g.best.text)).toEqual(first.map((g) => g.best.text));
    expect(again.map((g) => g.scores)).toEqual(first.map((g) => g.scores));
  });
});

describe('rejection-sampling fine-tuning', () => {
  it('refuses bad configs', () => {
    expect(rftConfig().n).toBe(4);
    expect(() => rftConfig({ n: 0 })).toThrow(/n must be/);
    expect(() => rftConfig({ temperature: 0 })).toThrow(/temperature/);
    expect(() => rftConfig({ rmWeight: 0, verifierWeight: 0 })).toThrow(/not both 0/);
    expect(() => rftConfig({ lr: -1 })).toThrow(/lr/);
  });

  it('raises the mean reward of fresh samples on the toy task (nano, fixed seeds)', async () => {
    model = new GPT(PRESETS.nano, { seed: 5 });
    const prompts = promptsOf(32);
    const fresh = (m: GPT) => mean(bestOfN(m, tok, prompts, evenChars, { n: 8, maxNewTokens: 8, seed: 99 }).flatMap((g) => g.scores));
    const before = fresh(model);
    const config = { n: 8, maxNewTokens: 8, lr: 1e-2, epochs: 3, seed: 1 };
    const result = await fineTuneOnBest(model, tok, prompts, evenChars, config);

    expect(result.kept).toBe(32);
    expect(result.sftSteps).toBe(6); // 3 epochs × 32 rows / batch 16
    expect(result.metrics['objective/picked_score']).toBeGreaterThan(result.metrics['objective/sample_score']);
    expect(Number.isFinite(result.metrics['loss/train'])).toBe(true);
    // 8 characters per answer, ~half even at the start; 256 fresh samples (seed unseen in training) give a mean
    // with a standard error of ~0.09, and the fine-tuned policy must gain at least half a character
    expect(fresh(model)).toBeGreaterThan(before + 0.5);
  });

  it('keeps only answers that beat their group mean by minGain; none kept is an error; no tensors leak', async () => {
    model = new GPT(PRESETS.nano, { seed: 5 });
    const prompts = promptsOf(8);
    const config = { n: 4, maxNewTokens: 8, lr: 1e-3, seed: 2 };
    await fineTuneOnBest(model, tok, prompts, evenChars, config); // burn-in
    const tensors = tf.memory().numTensors;
    const all = await fineTuneOnBest(model, tok, prompts, evenChars, config);
    expect(tf.memory().numTensors).toBe(tensors);
    const some = await fineTuneOnBest(model, tok, prompts, evenChars, { ...config, minGain: 1.5 });
    expect(all.kept).toBe(8);
    expect(some.kept).toBeGreaterThan(0);
    expect(some.kept).toBeLessThan(8);
    expect(some.metrics['objective/picked_gain']).toBeGreaterThanOrEqual(1.5);
    await expect(fineTuneOnBest(model, tok, prompts, evenChars, { ...config, minGain: 100 })).rejects.toThrow(/nothing to fine-tune on/);
  });
});
