// PPO from a reward function (DESIGN.md §4 "PPO"; Schulman et al. 2017, Ziegler et al. 2019). One step:
// 1. experience (rollout, score, old/ref log-probs, values, per-token KL rewards, GAE, whitening: experience.ts)
// 2. epochs × minibatches of the clipped surrogate + vfCoef · clipped value loss, optional approx-KL early stop
// 3. the adaptive KL coefficient, if on.
import * as tf from '@tensorflow/tfjs';
import type { GPT } from '../model/gpt';
import type { Tokenizer } from '../model/tokenizer';
import { createRng } from '../random';
import { OptimizerStep } from '../train/optimizer-step';
import { collectExperience, type Experience, packExperience } from './experience';
import { type KlController, mean } from './math';
import { PolicyWithValue, type ValueHead } from './policy-value';
import { type PpoConfig, ppoConfig } from './ppo-config';
import { clippedSurrogate, clippedValueLoss } from './ppo-losses';
import { ReferencePolicy } from './reference';
import type { RewardFn, RlPrompt } from './reward-fn';
import type { GivenRollout } from './rollout';
import { klControllerFor, rolloutOptionsFor } from './rollout-config';

export type PpoMetrics = Record<string, number>;

export interface PpoStepResult {
  metrics: PpoMetrics;
  experience: Experience;
}

/** Per-minibatch diagnostics, averaged into the step's record. */
interface MinibatchStats {
  'loss/policy': number;
  'loss/value': number;
  'loss/total': number;
  'policy/clipfrac': number;
  'policy/approxkl': number;
  'val/ratio': number;
  'val/clipfrac': number;
  grad_norm: number;
}

export class PpoTrainer {
  readonly config: PpoConfig;
  readonly reference: ReferencePolicy;
  readonly model: PolicyWithValue;
  readonly kl: KlController;
  private readonly opt: OptimizerStep;
  private readonly reward: RewardFn;
  private steps = 0;

  constructor(
    policy: GPT,
    private readonly tok: Tokenizer,
    config: Partial<PpoConfig>,
    opts: { reward: RewardFn; totalSteps?: number; valueHead?: ValueHead },
  ) {
    this.config = ppoConfig(config);
    const c = this.config;
    this.reference = new ReferencePolicy(policy); // frozen at the policy's weights now
    this.model = new PolicyWithValue(policy, opts.valueHead);
    this.reward = opts.reward;
    this.kl = klControllerFor(c);
    const updates = (opts.totalSteps ?? 100) * c.epochs * c.minibatches;
    this.opt = new OptimizerStep(this.model.trainableVariables(), {
      lr: c.lr,
      totalSteps: updates,
      warmupSteps: c.warmupSteps,
      minLrRatio: 1, // constant after warmup, as TRL's PPO
      maxGradNorm: c.maxGradNorm,
    });
  }

  /** One step; `given`: its rollout, sampled by a rollout worker during the previous step (else sampled here). */
  step(prompts: readonly RlPrompt[], given?: GivenRollout): PpoStepResult {
    const c = this.config;
    // 1. experience
    const { experience, metrics: rollout } = collectExperience(
      this.model,
      this.reference,
      this.tok,
      prompts,
      this.reward,
      { ...c, klCoef: this.kl.value, seed: rolloutOptionsFor(c, this.steps).seed },
      given,
    );
    const t0 = performance.now();
    // 2. epochs × minibatches
    const stats: MinibatchStats[] = [];
    const rng = createRng(c.seed + 1 + this.steps);
    const rows = experience.seqs.map((_, i) => i);
    const size = Math.ceil(rows.length / c.minibatches);
    let stoppedEarly = false;
    for (let epoch = 0; epoch < c.epochs && !stoppedEarly; epoch++) {
      const order = rng.shuffle(rows);
      for (let start = 0; start < order.length; start += size) {
        const s = this.minibatch(experience, order.slice(start, start + size));
        stats.push(s);
        if (c.targetKl !== null && s['policy/approxkl'] > 1.5 * c.targetKl) {
          stoppedEarly = true;
          break;
        }
      }
    }
    const trainS = (performance.now() - t0) / 1000;
    // 3. adaptive β from this batch's KL
    const beta = this.kl.value;
    this.kl.update(rollout['objective/kl'], experience.seqs.length);
    this.steps++;

    const averaged = Object.fromEntries(Object.keys(stats[0]).map((k) => [k, mean(stats.map((s) => s[k as keyof MinibatchStats]))]));
    const tokens = experience.seqs.reduce((a, s) => a + s.response.length, 0);
    const metrics: PpoMetrics = {
      step: this.steps,
      ...rollout,
      ...averaged,
      'policy/first_clipfrac': stats[0]['policy/clipfrac'], // 0 on the first minibatch: ρ = 1 there
      'policy/first_ratio': stats[0]['val/ratio'],
      'policy/updates': stats.length,
      'policy/early_stop': stoppedEarly ? 1 : 0,
      'objective/kl_coef': beta,
      lr: this.opt.lr,
      'time/train_s': trainS,
      tokens_per_s: tokens / (rollout['time/rollout_wait_s'] + rollout['time/score_s'] + rollout['time/logprobs_s'] + trainS),
    };
    return { metrics, experience };
  }

  /** One optimizer update on the rows `rows` of the experience. */
  private minibatch(exp: Experience, rows: number[]): MinibatchStats {
    const c = this.config;
    const mb = packExperience(exp, rows, { padId: this.tok.padId, eosId: this.tok.eosId });
    const mask = mb.batch.responseMask;
    let terms: Record<string, tf.Scalar> = {};
    const { loss, grads } = this.opt.computeGradients(() => {
      const out = this.model.evaluate(mb.batch, c.temperature); // [B, T-1] each
      const pg = clippedSurrogate(out.logprobs, mb.oldLogprobs, mb.advantages, mask, c.clipRange);
      const vf = clippedValueLoss(out.values, mb.oldValues, mb.returns, mask, c.clipRangeValue);
      const kept = { pg: pg.loss, vf: vf.loss, clipfrac: pg.clipfrac, approxkl: pg.approxkl, ratio: pg.ratio, vclip: vf.clipfrac };
      terms = Object.fromEntries(Object.entries(kept).map(([k, t]) => [k, tf.keep(t)]));
      return tf.add(pg.loss, tf.mul(c.vfCoef, vf.loss)) as tf.Scalar;
    });
    const applied = this.opt.applyGradients(grads);
    const read = (t: tf.Scalar) => t.dataSync()[0];
    const stats: MinibatchStats = {
      'loss/policy': read(terms.pg),
      'loss/value': read(terms.vf),
      'loss/total': loss,
      'policy/clipfrac': read(terms.clipfrac),
      'policy/approxkl': read(terms.approxkl),
      'val/ratio': read(terms.ratio),
      'val/clipfrac': read(terms.vclip),
      grad_norm: applied.gradNorm,
    };
    tf.dispose([grads, mb, Object.values(terms)]);
    return stats;
  }

  /** Frees the reference copy, Adam's slots and the value head (passed or made); the policy is the caller's. */
  dispose(): void {
    this.reference.dispose();
    this.opt.dispose();
    this.model.valueHead.dispose();
  }
}
