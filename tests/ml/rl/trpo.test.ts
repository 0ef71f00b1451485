import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../server/ml/backend';
import { PRESETS } from '../../../server/ml/model/config';
import { GPT } from '../../../server/ml/model/gpt';
import { charTokenizer } from '../../../server/ml/model/tokenizer';
import { packSequences, type Sequence } from '../../../server/ml/rl/logprobs';
import type { RewardFn, RlPrompt } from '../../../server/ml/rl/reward-fn';
import { sampleRollouts } from '../../../server/ml/rl/rollout';
import { TrpoTrainer } from '../../../server/ml/rl/trpo';
import { TRPO_DEFAULTS, trpoConfig } from '../../../server/ml/rl/trpo-config';
import { evenCharShare, snapshot } from '../helpers/rl';

const tok = charTokenizer();
const ids = { padId: tok.padId, eosId: tok.eosId };
const prompts: RlPrompt[] = ['hi', 'go', 'yes', 'no'].flatMap((p) => Array(4).fill({ prompt: p }));
/** Share of characters with an even code: a dense score (≈ 0.5 for a random nano GPT), raised by TRPO. */
const evenChars: RewardFn = (_, responses) => responses.map(evenCharShare);
const base = { promptsPerStep: prompts.length, maxNewTokens: 8, missingEosPenalty: 0, klCoef: 0.01, trainBatchSize: 10 };

/** Mean KL(π_old ‖ π_new) per response token of `seqs` at temperature T, computed here from both models' logits. */
function measuredKl(oldModel: GPT, newModel: GPT, seqs: Sequence[], T: number): number {
  return tf.tidy(() => {
    const batch = packSequences(seqs, ids, 'right');
    const [B, L] = batch.tokens.shape;
    const logp = (m: GPT) => tf.logSoftmax(tf.div(tf.slice(m.forward(batch.tokens, { attentionMask: batch.attentionMask }), [0, 0, 0], [B, L - 1, -1]), T)); // [B, L-1, V]
    const [pOld, pNew] = [logp(oldModel), logp(newModel)];
    const perToken = tf.sum(tf.mul(tf.exp(pOld), tf.sub(pOld, pNew)), -1); // [B, L-1]
    return tf.div(tf.sum(tf.mul(perToken, batch.responseMask)), tf.sum(batch.responseMask)).dataSync()[0];
  });
}

let model: GPT;
let trainer: TrpoTrainer | undefined;
beforeAll(async () => {
  await initBackend();
});
afterEach(() => {
  trainer?.dispose();
  trainer = undefined;
  model?.dispose();
});

describe('config', () => {
  it('has DESIGN.md §4 defaults and refuses bad values', () => {
    expect(TRPO_DEFAULTS).toMatchObject({ maxKl: 0.01, cgIters: 10, cgDamping: 0.1, lineSearchSteps: 10, backtrack: 0.5, klTolerance: 1.5, temperature: 0.7, klCoef: 0.05, gamma: 1, lambda: 0.95 });
    expect(() => trpoConfig({ maxKl: 0 })).toThrow(/maxKl/);
    expect(() => trpoConfig({ backtrack: 1 })).toThrow(/backtrack/);
    expect(() => trpoConfig({ klTolerance: 0.5 })).toThrow(/klTolerance/);
    expect(() => trpoConfig({ cgIters: 0 })).toThrow(/cgIters/);
  });
});

describe('TRPO step', () => {
  it('takes a step within the trust region, changes every policy weight and the value head, leaves the reference bit-identical', () => {
    model = new GPT(PRESETS.nano, { seed: 7 });
    const old = model.clone();
    const before = snapshot(model.namedWeights());
    trainer = new TrpoTrainer(model, tok, base, { reward: evenChars });
    const refBefore = snapshot(trainer.reference.weights());
    const { metrics, experience } = trainer.step(prompts);

    expect(metrics['policy/accepted']).toBe(1);
    const kl = measuredKl(old, model, experience.seqs, TRPO_DEFAULTS.temperature);
    old.dispose();
    expect(kl).toBeGreaterThan(0);
    expect(kl).toBeLessThanOrEqual(1.5 * TRPO_DEFAULTS.maxKl);
    expect(metrics['policy/kl_step']).toBeCloseTo(kl, 5);
    expect(metrics['policy/surrogate_gain']).toBeGreaterThan(0);
    for (const [name, v] of snapshot(model.namedWeights())) expect(v.some((x, i) => x !== before.get(name)![i]), name).toBe(true);
    expect(trainer.model.valueHead.w.dataSync().some((x) => x !== 0)).toBe(true);
    for (const [name, v] of snapshot(trainer.reference.weights())) expect(v).toEqual(refBefore.get(name));
    for (const key of [
      'objective/kl',
      'objective/scores',
      'objective/rlhf_reward',
      'objective/entropy',
      'policy/kl_step',
      'policy/surrogate_gain',
      'policy/line_search_steps',
      'policy/accepted',
      'loss/value',
      'time/rollout_s',
      'time/train_s',
      'tokens_per_s',
    ]) {
      expect(Number.isFinite(metrics[key]), key).toBe(true);
    }
    expect(metrics['objective/kl']).toBeCloseTo(0, 4); // first step: policy = reference
  });

  it('with little damping the steps reach the edge of the trust region, and never go past 1.5δ', () => {
    const maxKl = 0.05;
    model = new GPT(PRESETS.nano, { seed: 12 });
    trainer = new TrpoTrainer(model, tok, { ...base, maxKl, cgDamping: 0.01 }, { reward: evenChars });
    const kls: number[] = [];
    for (let s = 0; s < 3; s++) {
      const old = model.clone();
      const { metrics, experience } = trainer.step(prompts);
      kls.push(measuredKl(old, model, experience.seqs, TRPO_DEFAULTS.temperature));
      old.dispose();
      expect(metrics['policy/kl_step']).toBeCloseTo(kls[s], 5);
    }
    for (const kl of kls) expect(kl).toBeLessThanOrEqual(1.5 * maxKl);
    expect(Math.max(...kls)).toBeGreaterThan(0.5 * maxKl);
  });

  it('makes no step and leaves the policy bit-identical when every advantage is 0 (zero reward and β = 0: g = 0)', () => {
    model = new GPT(PRESETS.nano, { seed: 8 });
    const before = snapshot(model.namedWeights());
    trainer = new TrpoTrainer(model, tok, { ...base, klCoef: 0 }, { reward: (_, rs) => rs.map(() => 0) });
    const { metrics } = trainer.step(prompts);
    expect(metrics['policy/accepted']).toBe(0);
    expect(metrics['policy/grad_norm']).toBe(0);
    for (const [name, v] of snapshot(model.namedWeights())) expect(v).toEqual(before.get(name));
  });

  it('does not leak tensors across a step (after a burn-in step)', () => {
    model = new GPT(PRESETS.nano, { seed: 9 });
    trainer = new TrpoTrainer(model, tok, { ...base, promptsPerStep: 6, maxNewTokens: 4, cgIters: 3, valueIters: 2, trainBatchSize: 4 }, { reward: evenChars });
    trainer.step(prompts.slice(0, 6));
    const n = tf.memory().numTensors;
    trainer.step(prompts.slice(0, 6));
    expect(tf.memory().numTensors).toBe(n);
  });
});

describe('TRPO raises the reward', () => {
  /** Mean reward of 128 fresh samples (seeded) of `m` at the rollout temperature. */
  const sampledReward = (m: GPT) => {
    const evalPrompts = Array.from({ length: 128 }, (_, i) => prompts[i % prompts.length].prompt);
    const samples = sampleRollouts(m, tok, evalPrompts, { temperature: TRPO_DEFAULTS.temperature, maxNewTokens: base.maxNewTokens, batchSize: 64, seed: 99 });
    const r = evenChars(evalPrompts.map((prompt) => ({ prompt })), samples.map((s) => s.text));
    return r.reduce((a, b) => a + b, 0) / r.length;
  };

  it('the share of even characters rises from ≈ 0.5 to > 0.65 in 10 steps (δ = 0.2), every step within 1.5δ', () => {
    const maxKl = 0.2;
    model = new GPT(PRESETS.nano, { seed: 7 });
    const start = sampledReward(model);
    trainer = new TrpoTrainer(model, tok, { ...base, maxKl }, { reward: evenChars });
    const refBefore = snapshot(trainer.reference.weights());
    for (let s = 0; s < 10; s++) {
      const old = model.clone();
      const { experience } = trainer.step(prompts);
      const kl = measuredKl(old, model, experience.seqs, TRPO_DEFAULTS.temperature);
      old.dispose();
      expect(kl).toBeLessThanOrEqual(1.5 * maxKl);
    }
    expect(start).toBeLessThan(0.55);
    expect(sampledReward(model)).toBeGreaterThan(0.65);
    for (const [name, v] of snapshot(trainer.reference.weights())) expect(v).toEqual(refBefore.get(name));
  });
});
