import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../server/ml/backend';
import { renderPrompt } from '../../../server/ml/model/chat-template';
import { PRESETS } from '../../../server/ml/model/config';
import { GPT } from '../../../server/ml/model/gpt';
import { generate } from '../../../server/ml/model/sampling';
import { charTokenizer } from '../../../server/ml/model/tokenizer';
import { gae, KlController, whitenRows } from '../../../server/ml/rl/math';
import { PpoTrainer } from '../../../server/ml/rl/ppo';
import { ppoConfig } from '../../../server/ml/rl/ppo-config';
import { clippedSurrogate, clippedValueLoss } from '../../../server/ml/rl/ppo-losses';
import type { RewardFn, RlPrompt } from '../../../server/ml/rl/reward-fn';
import { evenCharShare, snapshot } from '../helpers/rl';

const tok = charTokenizer();
const prompts: RlPrompt[] = ['hi', 'go', 'yes', 'no'].map((p) => ({ prompt: p }));
/** Share of characters with an even code: dense, so a random model's samples differ. */
const evenChars: RewardFn = (_, responses) =>
  responses.map(evenCharShare);
const scalar = (t: tf.Tensor) => t.dataSync()[0];

let model: GPT | undefined;
let trainer: PpoTrainer | undefined;
beforeAll(async () => {
  await initBackend();
});
afterEach(() => {
  trainer?.dispose();
  trainer = undefined;
  model?.dispose();
  model = undefined;
});

describe('pure helpers against hand-computed arrays', () => {
  it('GAE: δ_t = r_t + γV_{t+1} − V_t, A_t = δ_t + γλA_{t+1}, returns = A + V', () => {
    // r = [0, 0, 1], V = [0.5, 0.2, 0.4], γ = 1, λ = 0.5:
    // δ = [0 + 0.2 − 0.5, 0 + 0.4 − 0.2, 1 + 0 − 0.4] = [−0.3, 0.2, 0.6]
    // A_2 = 0.6, A_1 = 0.2 + 0.5·0.6 = 0.5, A_0 = −0.3 + 0.5·0.5 = −0.05
    const { advantages, returns } = gae([0, 0, 1], [0.5, 0.2, 0.4], 1, 0.5);
    for (const [i, a] of [-0.05, 0.5, 0.6].entries()) expect(advantages[i]).toBeCloseTo(a, 10);
    for (const [i, r] of [0.45, 0.7, 1.0].entries()) expect(returns[i]).toBeCloseTo(r, 10);
    // γ = 0.9, λ = 1: A_t = Σ_k γ^k δ_{t+k} = discounted return − V_t
    const mc = gae([1, 2], [0, 0], 0.9, 1);
    expect(mc.advantages[0]).toBeCloseTo(1 + 0.9 * 2, 10);
  });

  it('whitenRows whitens all rows together', () => {
    const w = whitenRows([[1, 2], [3]]); // μ = 2, σ² = 2/3
    const s = Math.sqrt(2 / 3 + 1e-8);
    expect(w[0][0]).toBeCloseTo(-1 / s, 6);
    expect(w[0][1]).toBeCloseTo(0, 6);
    expect(w[1][0]).toBeCloseTo(1 / s, 6);
  });

  it('the adaptive KL controller follows Ziegler: e = clip(KL/target − 1, ±0.2), β ← β(1 + e·n/H)', () => {
    const fixed = new KlController(0.05);
    expect(fixed.update(100, 64)).toBe(0.05);
    const adaptive = new KlController(0.1, { target: 6, horizon: 10_000 });
    expect(adaptive.update(12, 100)).toBeCloseTo(0.1 * (1 + (0.2 * 100) / 10_000), 12); // e clipped at 0.2
    expect(adaptive.update(5.4, 1000)).toBeCloseTo(0.1 * 1.002 * (1 + (-0.1 * 1000) / 10_000), 12); // e = −0.1
  });

  it('clipped surrogate: max(−Aρ, −A·clip(ρ)), clipfrac, approx-KL, on a hand example', () => {
    const logp = tf.tensor2d([[Math.log(1.5), Math.log(0.5), 0, 9]]); // ρ = 1.5, 0.5, 1 (last entry masked)
    const old = tf.zeros([1, 4]);
    const adv = tf.tensor2d([[1, 1, -2, 5]]);
    const mask = tf.tensor2d([[1, 1, 1, 0]]);
    const t = clippedSurrogate(logp, old, adv, mask, 0.2);
    // token 0: −1·1.5 = −1.5 vs −1·1.2 = −1.2 → −1.2 (clipped)   token 1: −0.5 vs −0.8 → −0.5   token 2: 2 vs 2 → 2
    expect(scalar(t.loss)).toBeCloseTo((-1.2 - 0.5 + 2) / 3, 5);
    expect(scalar(t.clipfrac)).toBeCloseTo(1 / 3, 5);
    expect(scalar(t.approxkl)).toBeCloseTo((0.5 * (Math.log(1.5) ** 2 + Math.log(0.5) ** 2)) / 3, 5);
    expect(scalar(t.ratio)).toBeCloseTo((1.5 + 0.5 + 1) / 3, 5);
    tf.dispose([logp, old, adv, mask, t]);
  });

  it('clipped value loss: ½ max((V − R)², (clip(V, V_old ± c) − R)²)', () => {
    const v = tf.tensor2d([[1.0, 0.0]]);
    const vOld = tf.tensor2d([[0.5, 0.0]]);
    const ret = tf.tensor2d([[0.0, 1.0]]);
    const mask = tf.ones([1, 2]);
    const t = clippedValueLoss(v, vOld, ret, mask, 0.2);
    // token 0: (1 − 0)² = 1 vs (0.7 − 0)² = 0.49 → 1;   token 1: 1 vs 1 → 1
    expect(scalar(t.loss)).toBeCloseTo(0.5 * ((1 + 1) / 2), 6);
    expect(scalar(t.clipfrac)).toBeCloseTo(0, 6);
    tf.dispose([v, vOld, ret, mask, t]);
  });
});

describe('config', () => {
  it('fills DESIGN §4 defaults and refuses bad values', () => {
    const c = ppoConfig();
    expect([c.promptsPerStep, c.temperature, c.klCoef, c.gamma, c.lambda, c.clipRange, c.vfCoef, c.epochs, c.minibatches]).toEqual([
      64, 0.7, 0.05, 1, 0.95, 0.2, 0.1, 4, 4,
    ]);
    expect(() => ppoConfig({ temperature: 0 })).toThrow(/temperature/);
    expect(() => ppoConfig({ minibatches: 8, promptsPerStep: 4 })).toThrow(/minibatches/);
  });
});

describe('training trains', () => {
  it('one step: ratio = 1 and clipfrac = 0 on the first minibatch; every variable changes; the reference stays bit-identical', () => {
    model = new GPT(PRESETS.nano, { seed: 7 });
    const before = snapshot(model.namedWeights());
    trainer = new PpoTrainer(model, tok, { promptsPerStep: 8, minibatches: 2, epochs: 2, maxNewTokens: 6, lr: 1e-3 }, { reward: evenChars });
    const refBefore = snapshot(trainer.reference.weights());
    const head = Float32Array.from(trainer.model.valueHead.w.dataSync());
    const { metrics } = trainer.step([...prompts, ...prompts]);

    expect(metrics['policy/first_ratio']).toBeCloseTo(1, 5);
    expect(metrics['policy/first_clipfrac']).toBe(0);
    expect(metrics['policy/updates']).toBe(4);
    expect(metrics['objective/kl']).toBeCloseTo(0, 4); // policy = reference at the rollout
    for (const key of ['objective/scores', 'objective/rlhf_reward', 'objective/entropy', 'loss/policy', 'loss/value', 'policy/approxkl', 'tokens_per_s']) {
      expect(Number.isFinite(metrics[key]), key).toBe(true);
    }
    for (const [name, v] of snapshot(model.namedWeights())) expect(v.some((x, i) => x !== before.get(name)![i]), name).toBe(true);
    expect(Float32Array.from(trainer.model.valueHead.w.dataSync()).some((x, i) => x !== head[i])).toBe(true);
    for (const [name, v] of snapshot(trainer.reference.weights())) expect(v).toEqual(refBefore.get(name));
  });

  it('does not leak tensors across a step (after a burn-in step)', () => {
    model = new GPT(PRESETS.nano, { seed: 8 });
    trainer = new PpoTrainer(model, tok, { promptsPerStep: 4, minibatches: 2, epochs: 1, maxNewTokens: 4, adaptiveKl: true }, { reward: evenChars });
    trainer.step(prompts);
    const n = tf.memory().numTensors;
    trainer.step(prompts);
    expect(tf.memory().numTensors).toBe(n);
  });

  it('approx-KL early stop ends the epochs after the minibatch that exceeds 1.5 × targetKl', () => {
    model = new GPT(PRESETS.nano, { seed: 9 });
    const cfg = { promptsPerStep: 8, minibatches: 4, epochs: 4, maxNewTokens: 6, lr: 5e-2, targetKl: 1e-6 };
    trainer = new PpoTrainer(model, tok, cfg, { reward: evenChars });
    const { metrics } = trainer.step([...prompts, ...prompts]);
    expect(metrics['policy/early_stop']).toBe(1);
    expect(metrics['policy/updates']).toBeLessThan(16);
  });
});

describe('PPO raises the reward', () => {
  it('learns to start its answer with a digit (from ~10 % to most samples)', () => {
    model = new GPT(PRESETS.nano, { seed: 10 });
    const startsWithDigit: RewardFn = (_, responses) => responses.map((r) => (/^[0-9]/.test(r) ? 1 : 0));
    const rate = () => {
      const rendered = prompts.flatMap((p) => Array(32).fill(renderPrompt(p.prompt)));
      const samples = generate(model!, tok, rendered, { maxNewTokens: 1, temperature: 1, seed: 123 });
      return samples.filter((s) => /^[0-9]/.test(s.text)).length / samples.length;
    };
    const before = rate();
    const cfg = { promptsPerStep: 32, minibatches: 2, epochs: 4, maxNewTokens: 2, temperature: 1, lr: 1e-2, klCoef: 0, missingEosPenalty: 0 };
    trainer = new PpoTrainer(model, tok, cfg, { reward: startsWithDigit });
    const batch = Array.from({ length: 8 }, () => prompts).flat();
    for (let i = 0; i < 8; i++) trainer.step(batch);
    const after = rate();
    expect(before).toBeLessThan(0.3);
    expect(after).toBeGreaterThan(before + 0.3);
  });
});
