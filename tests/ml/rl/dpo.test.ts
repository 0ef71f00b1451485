import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../server/ml/backend';
import { renderPrompt } from '../../../server/ml/model/chat-template';
import { PRESETS } from '../../../server/ml/model/config';
import { GPT } from '../../../server/ml/model/gpt';
import { charTokenizer } from '../../../server/ml/model/tokenizer';
import { type DpoPair, DpoTrainer, dpoLoss, implicitRewards, rewardMetrics } from '../../../server/ml/rl/dpo';
import { dpoConfig, dpoTotalSteps } from '../../../server/ml/rl/dpo-config';
import { responseLogProbs } from '../../../server/ml/rl/logprobs';
import { maxAbsDiff } from '../helpers/model';
import { snapshot } from '../helpers/rl';

const tok = charTokenizer();
const ids = { padId: tok.padId, eosId: tok.eosId };
const t1 = (xs: number[]) => tf.tensor1d(xs);
const softplus = (x: number) => Math.log1p(Math.exp(x)); // −log σ(z) = softplus(−z)

/** A learnable preference: answers that shout ('YES!') over answers that mumble ('no…'). */
const pairs: DpoPair[] = [
  { prompt: 'hi', chosen: 'HELLO!', rejected: 'hello' },
  { prompt: 'go?', chosen: 'YES!', rejected: 'no' },
  { prompt: [{ role: 'system', content: 'Be loud.' }, { role: 'user', content: 'ok?' }], chosen: 'OK!', rejected: 'ok' }, // 42 tokens > blockSize 32: its prompt is cut
  { prompt: 'why', chosen: 'BECAUSE!', rejected: 'because' },
];
const otherPairs: DpoPair[] = [
  { prompt: 'a', chosen: 'A!', rejected: 'a' },
  { prompt: 'b', chosen: 'B!', rejected: 'b' },
];

let model: GPT | undefined;
let trainer: DpoTrainer | undefined;
beforeAll(async () => {
  await initBackend();
});
afterEach(() => {
  trainer?.dispose();
  trainer = undefined;
  model?.dispose();
  model = undefined;
});

describe('dpoLoss and implicit rewards', () => {
  it('matches the hand-computed loss −log σ(β[(π_w − ref_w) − (π_l − ref_l)]), mean over pairs', () => {
    // pair 1: (−5 − −6) − (−6 − −5) = 2 → z = 0.2; pair 2: (−3 − −3) − (−2 − −4) = −2 → z = −0.2
    const loss = dpoLoss(t1([-5, -3]), t1([-6, -2]), t1([-6, -3]), t1([-5, -4]), 0.1);
    expect(loss.dataSync()[0]).toBeCloseTo((softplus(-0.2) + softplus(0.2)) / 2, 6); // 0.698139
    loss.dispose();
  });

  it('is log 2 when the policy equals the reference, whatever the log-probs and β', () => {
    for (const beta of [0.1, 1, 5]) {
      const loss = dpoLoss(t1([-5, -30, -0.1]), t1([-2, -7, -40]), t1([-5, -30, -0.1]), t1([-2, -7, -40]), beta);
      expect(loss.dataSync()[0]).toBeCloseTo(Math.LN2, 6);
      loss.dispose();
    }
  });

  it('has the gradient −β σ(−z) / N with respect to log π(y_w)', () => {
    const grad = tf.grad((pw: tf.Tensor) => dpoLoss(pw, t1([-6, -2]), t1([-6, -3]), t1([-5, -4]), 0.1))(t1([-5, -3]));
    const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
    expect(maxAbsDiff(grad.dataSync(), [(-0.1 * sigmoid(-0.2)) / 2, (-0.1 * sigmoid(0.2)) / 2])).toBeLessThan(1e-6);
    grad.dispose();
  });

  it('implicit rewards β(π − ref) and their TRL metrics', () => {
    const r = implicitRewards(t1([-5, -3]), t1([-6, -3]), 0.1);
    expect(maxAbsDiff(r.dataSync(), [0.1, 0])).toBeLessThan(1e-6);
    r.dispose();
    const m = rewardMetrics([0.1, 0], [-0.1, 0.2]);
    expect(m['rewards/chosen']).toBeCloseTo(0.05, 9);
    expect(m['rewards/rejected']).toBeCloseTo(0.05, 9);
    expect(m['rewards/accuracies']).toBe(0.5); // pair 1 right, pair 2 wrong
    expect(m['rewards/margins']).toBeCloseTo(0, 9); // (0.2 − 0.2) / 2
    expect(Object.keys(rewardMetrics([1], [0], 'eval/'))).toEqual(['eval/rewards/chosen', 'eval/rewards/rejected', 'eval/rewards/accuracies', 'eval/rewards/margins']);
  });
});

describe('config', () => {
  it('fills TRL-style defaults and refuses bad values', () => {
    expect(dpoConfig()).toMatchObject({ beta: 0.1, batchSize: 16, epochs: 1, maxGradNorm: 1 });
    expect(() => dpoConfig({ beta: 0 })).toThrow(/beta/);
    expect(() => dpoConfig({ lr: -1 })).toThrow(/lr/);
    expect(() => dpoConfig({ batchSize: 1.5 })).toThrow(/batchSize/);
    expect(() => dpoConfig({ maxLen: 1 })).toThrow(/maxLen/);
    expect(dpoTotalSteps(dpoConfig({ batchSize: 4, epochs: 3 }), 10)).toBe(6); // 2 full batches per epoch
    expect(dpoTotalSteps(dpoConfig({ steps: 7 }), 10)).toBe(7);
  });
});

describe('training trains', () => {
  it('first step: loss log 2, zero rewards, log-probs of the response with its EOS; every variable moves, the reference does not', () => {
    model = new GPT(PRESETS.nano, { seed: 3 });
    const before = snapshot(model.namedWeights());
    trainer = new DpoTrainer(model, tok, { lr: 1e-3, warmupSteps: 0, microBatchSize: 3 });
    const refBefore = snapshot(trainer.reference.weights());
    // Σ_t log π of prompt-rendered rows with EOS, computed independently before the step (policy = reference)
    const short = pairs.filter((p) => typeof p.prompt === 'string'); // rows that fit blockSize uncut
    const seqs = short.map((p) => ({ prompt: tok.encode(renderPrompt(p.prompt)), response: tok.encode(p.chosen), finished: true }));
    const expected = responseLogProbs(model, seqs, ids).logprobs.map((lp) => lp.reduce((a, b) => a + b, 0));
    expect(responseLogProbs(model, seqs, ids).logprobs[0]).toHaveLength(short[0].chosen.length + 1);

    const m = trainer.step(short);
    expect(trainer.updates).toBe(1);
    expect(m['loss/dpo']).toBeCloseTo(Math.LN2, 5);
    expect(m['rewards/chosen']).toBeCloseTo(0, 5);
    expect(m['rewards/margins']).toBeCloseTo(0, 5);
    expect(m['logps/chosen']).toBeCloseTo(expected.reduce((a, b) => a + b, 0) / short.length, 4);
    for (const key of ['loss/dpo', 'rewards/chosen', 'rewards/rejected', 'rewards/accuracies', 'rewards/margins', 'logps/chosen', 'logps/rejected', 'grad_norm', 'lr']) {
      expect(Number.isFinite(m[key]), key).toBe(true);
    }
    expect(m.grad_norm).toBeGreaterThan(0);
    for (const [name, v] of snapshot(model.namedWeights())) expect(v.some((x, i) => x !== before.get(name)![i]), name).toBe(true);
    for (const [name, v] of snapshot(trainer.reference.weights())) expect(v).toEqual(refBefore.get(name));
  });

  it('a few steps on fixed pairs: chosen − rejected log-ratio margin > 5 nats and accuracy 1; the reference stays bit-identical', () => {
    model = new GPT(PRESETS.nano, { seed: 4 });
    trainer = new DpoTrainer(model, tok, { lr: 3e-3, beta: 0.1, warmupSteps: 0 }, { totalSteps: 20 });
    const refBefore = snapshot(trainer.reference.weights());
    const start = trainer.evaluate(pairs);
    for (let i = 0; i < 12; i++) trainer.step(pairs);
    const end = trainer.evaluate(pairs);
    expect(start['eval/rewards/margins']).toBeCloseTo(0, 5);
    expect(end['eval/rewards/margins'] / 0.1).toBeGreaterThan(5); // margin of log π/π_ref ratios, in nats (~12 over 5 seeds)
    expect(end['eval/rewards/accuracies']).toBe(1);
    expect(end['eval/loss']).toBeLessThan(0.4); // from log 2
    for (const [name, v] of snapshot(trainer.reference.weights())) expect(v).toEqual(refBefore.get(name));
  });

  it('micro-batches add up to the whole batch: same update for microBatchSize 1 and 8', () => {
    const weightsAfter = (microBatchSize: number) => {
      const m = new GPT(PRESETS.nano, { seed: 5 });
      const t = new DpoTrainer(m, tok, { lr: 1e-3, warmupSteps: 0, microBatchSize });
      t.step(pairs);
      const metrics = t.step(pairs); // a second step: the loss is no longer log 2
      const w = snapshot(m.namedWeights());
      t.dispose();
      m.dispose();
      return { w, loss: metrics['loss/dpo'] };
    };
    const [small, whole] = [weightsAfter(1), weightsAfter(8)];
    expect(small.loss).toBeCloseTo(whole.loss, 5);
    for (const [name, v] of whole.w) expect(maxAbsDiff(small.w.get(name)!, v), name).toBeLessThan(1e-5);
  });

  it('does not leak tensors across a step (after a burn-in step), new pairs included', () => {
    model = new GPT(PRESETS.nano, { seed: 6 });
    trainer = new DpoTrainer(model, tok, { microBatchSize: 3 });
    trainer.step(pairs);
    const n = tf.memory().numTensors;
    trainer.step(otherPairs); // reference log-probs of new rows are computed here
    trainer.evaluate(pairs);
    expect(tf.memory().numTensors).toBe(n);
  });
});
