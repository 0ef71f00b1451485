import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../server/ml/backend';
import { renderPrompt } from '../../../server/ml/model/chat-template';
import { PRESETS } from '../../../server/ml/model/config';
import { GPT } from '../../../server/ml/model/gpt';
import { generate } from '../../../server/ml/model/sampling';
import { charTokenizer } from '../../../server/ml/model/tokenizer';
import { pgConfig } from '../../../server/ml/rl/config';
import { responseLogProbs } from '../../../server/ml/rl/logprobs';
import { rlooAdvantages } from '../../../server/ml/rl/math';
import { type PgPrompt, PgTrainer, type Scorer } from '../../../server/ml/rl/pg';
import { maxAbsDiff } from '../helpers/model';
import { evenCharShare, snapshot } from '../helpers/rl';

const tok = charTokenizer();
const ids = { padId: tok.padId, eosId: tok.eosId };
const prompts: PgPrompt[] = ['hi', 'go', 'yes', 'no'].map((p) => ({ prompt: p, verifier: { family: 'test' } }));
/** Share of characters with an even code: a dense score, so a random model's samples differ. */
const evenChars: Scorer = (_, response) => evenCharShare(response);

let model: GPT;
let trainer: PgTrainer | undefined;
beforeAll(async () => {
  await initBackend();
});
afterEach(() => {
  trainer?.dispose();
  trainer = undefined;
  model?.dispose();
});

describe('config', () => {
  it('fills defaults and refuses RLOO with one sample per prompt', () => {
    expect(pgConfig().advantage).toBe('rloo');
    expect(() => pgConfig({ samplesPerPrompt: 1 })).toThrow(/RLOO needs/);
    expect(pgConfig({ samplesPerPrompt: 1, advantage: 'baseline' }).samplesPerPrompt).toBe(1);
    expect(() => pgConfig({ temperature: 0 })).toThrow(/temperature/);
  });
});

describe('training trains', () => {
  it('one step changes every trainable variable, leaves the reference bit-identical; loss = its closed form', () => {
    model = new GPT(PRESETS.nano, { seed: 7 });
    const before = snapshot(model.namedWeights());
    trainer = new PgTrainer(model, tok, { samplesPerPrompt: 4, maxNewTokens: 6, lr: 1e-3, warmupSteps: 0, klCoef: 0 }, { score: evenChars });
    const refBefore = snapshot(trainer.reference.weights());
    const { metrics, groups } = trainer.step(prompts);

    expect(trainer.updates).toBe(1);
    for (const [name, v] of snapshot(model.namedWeights())) expect(v.some((x, i) => x !== before.get(name)![i]), name).toBe(true);
    for (const [name, v] of snapshot(trainer.reference.weights())) expect(v).toEqual(refBefore.get(name));

    // closed form from the returned samples: RLOO on score + EOS penalty, −mean_i A_i Σ_t log π_old(y_it)
    const flat = groups.flatMap((g) => g.responses.map((r) => ({ ...r, prompt: tok.encode(renderPrompt(g.prompt.prompt)) })));
    const scores = flat.map((r) => r.score - (r.finished ? 0 : 1));
    const adv = rlooAdvantages(scores, 4);
    const seqs = flat.map((r) => ({ prompt: r.prompt, response: r.tokens, finished: r.finished }));
    const lp = responseLogProbs(trainer.reference, seqs, ids).logprobs; // the reference IS the policy before the step
    const kept = adv.map((_, i) => i).filter((i) => adv[i] !== 0 && new Set(scores.slice(i - (i % 4), i - (i % 4) + 4)).size > 1);
    const expected = -kept.reduce((a, i) => a + adv[i] * lp[i].reduce((x, y) => x + y, 0), 0) / kept.length;
    expect(kept.length).toBeGreaterThan(0);
    expect(Number.isFinite(metrics['loss/policy'])).toBe(true);
    expect(metrics['loss/policy']).toBeCloseTo(expected, 3);

    for (const key of [
      'objective/rlhf_reward',
      'objective/verifier',
      'objective/kl',
      'objective/entropy',
      'policy/nonzero_adv_frac',
      'loss/policy',
      'time/rollout_s',
      'time/train_s',
      'tokens_per_s',
    ]) {
      expect(Number.isFinite(metrics[key]), key).toBe(true);
    }
    expect(metrics['objective/kl']).toBeCloseTo(0, 4); // first step: policy = reference
    expect(metrics['policy/nonzero_adv_frac']).toBeCloseTo(kept.length / 16, 6);
  });

  it('does not leak tensors across a step (after a burn-in step)', () => {
    model = new GPT(PRESETS.nano, { seed: 8 });
    trainer = new PgTrainer(model, tok, { samplesPerPrompt: 2, maxNewTokens: 4, klCoef: 0.1, trainBatchSize: 3 }, { score: evenChars });
    trainer.step(prompts);
    const n = tf.memory().numTensors;
    trainer.step(prompts);
    expect(tf.memory().numTensors).toBe(n);
  });

  it('micro-batches add up to the whole batch: same update for trainBatchSize 3 and 64, and for a token budget of 20', () => {
    const weightsAfter = (trainBatchSize: number, trainTokenBudget = 2048) => {
      const m = new GPT(PRESETS.nano, { seed: 11 });
      const cfg = { samplesPerPrompt: 4, maxNewTokens: 6, lr: 1e-3, warmupSteps: 0, trainBatchSize, trainTokenBudget, loss: 'token_mean' } as const;
      const t = new PgTrainer(m, tok, cfg, { score: evenChars });
      const { metrics } = t.step(prompts);
      const w = snapshot(m.namedWeights());
      t.dispose();
      m.dispose();
      return { w, loss: metrics['loss/policy'], passes: metrics['train/passes'] };
    };
    const [small, whole, budget] = [weightsAfter(3), weightsAfter(64), weightsAfter(64, 20)];
    expect(small.loss).toBeCloseTo(whole.loss, 5);
    expect(budget.passes).toBeGreaterThan(whole.passes); // the budget did split the update
    expect(whole.passes).toBe(1);
    expect(budget.loss).toBeCloseTo(whole.loss, 5);
    for (const [name, v] of whole.w) {
      expect(maxAbsDiff(small.w.get(name)!, v), name).toBeLessThan(1e-6);
      expect(maxAbsDiff(budget.w.get(name)!, v), name).toBeLessThan(1e-6);
    }
  });

  it('REINFORCE with a moving-average baseline and one sample per prompt also trains', () => {
    model = new GPT(PRESETS.nano, { seed: 9 });
    const before = snapshot(model.namedWeights());
    const cfg = { advantage: 'baseline', baseline: 'moving_average', samplesPerPrompt: 1, maxNewTokens: 6, lr: 1e-3 } as const;
    trainer = new PgTrainer(model, tok, cfg, { score: evenChars });
    const { metrics } = trainer.step(prompts);
    expect(Number.isFinite(metrics['loss/policy'])).toBe(true);
    expect([...snapshot(model.namedWeights())].some(([name, v]) => v.some((x, i) => x !== before.get(name)![i]))).toBe(true);
  });
});

describe('RL raises the reward', () => {
  it('learns to start its answer with a digit (from ~10 % to most samples)', () => {
    model = new GPT(PRESETS.nano, { seed: 10 });
    const startsWithDigit: Scorer = (_, response) => (/^[0-9]/.test(response) ? 1 : 0);
    const rate = () => {
      const rendered = prompts.flatMap((p) => Array(32).fill(renderPrompt(p.prompt)));
      const samples = generate(model, tok, rendered, { maxNewTokens: 1, temperature: 1, seed: 123 });
      return samples.filter((s) => startsWithDigit(prompts[0], s.text)).length / samples.length;
    };
    const before = rate();
    const cfg = { samplesPerPrompt: 8, maxNewTokens: 2, lr: 1e-2, warmupSteps: 0, klCoef: 0, missingEosPenalty: 0 };
    trainer = new PgTrainer(model, tok, cfg, { score: startsWithDigit });
    for (let i = 0; i < 12; i++) trainer.step(prompts);
    const after = rate();
    expect(before).toBeLessThan(0.3);
    expect(after).toBeGreaterThan(before + 0.3);
  });
});
