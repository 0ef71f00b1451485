// REINFORCE with a baseline / RLOO with the verifier as reward (RLVR; DESIGN.md §4 "Vanilla policy gradient").
// One step: 1. rollout  2. reward  3. advantages  4. loss  5. optimizer step. On-policy: one update per rollout.
import * as tf from '@tensorflow/tfjs';
import type { Message } from '../model/chat-template';
import type { GPT } from '../model/gpt';
import type { Tokenizer } from '../model/tokenizer';
import { verify } from '../tasks/index';
import type { VerifierSpec } from '../tasks/types';
import { type Gradients, OptimizerStep } from '../train/optimizer-step';
import { type PgConfig, pgConfig } from './config';
import { microBatches, packSequences, responseLogProbs, type Sequence, sequenceLogProbs } from './logprobs';
import { Baseline, baselineAdvantages, mean, rlooAdvantages } from './math';
import { ReferencePolicy } from './reference';
import { type GivenRollout, type RolloutOptions, sampleRollouts } from './rollout';

/** A training prompt and how to score answers to it. */
export interface PgPrompt {
  prompt: string | Message[];
  verifier: VerifierSpec;
}

/** Scores one response in [0, 1] (default: the task world's verifier). */
export type Scorer = (p: PgPrompt, response: string) => number;

/** One flat record per step, namespaced keys (`objective/kl`, `loss/policy`, `time/rollout_s`, …). */
export type PgMetrics = Record<string, number>;

export interface PgStepResult {
  metrics: PgMetrics;
  /** per prompt, in order: its k responses and their verifier scores (a curriculum can favour prompts with signal) */
  groups: { prompt: PgPrompt; mixed: boolean; responses: { text: string; tokens: number[]; finished: boolean; score: number }[] }[];
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

export class PgTrainer {
  readonly config: PgConfig;
  readonly reference: ReferencePolicy;
  private readonly opt: OptimizerStep;
  private readonly baseline: Baseline;
  private readonly score: Scorer;
  private rollouts = 0;
  private steps = 0;

  constructor(
    private readonly policy: GPT,
    private readonly tok: Tokenizer,
    config: Partial<PgConfig> = {},
    opts: { totalSteps?: number; score?: Scorer } = {},
  ) {
    this.config = pgConfig(config);
    const c = this.config;
    this.reference = new ReferencePolicy(policy); // frozen at the policy's weights now
    this.opt = new OptimizerStep(policy.trainableVariables(), {
      lr: c.lr,
      totalSteps: opts.totalSteps ?? 1000,
      warmupSteps: c.warmupSteps,
      minLrRatio: c.minLrRatio,
      maxGradNorm: c.maxGradNorm,
    });
    this.baseline = new Baseline(c.baseline, c.baselineDecay);
    this.score = opts.score ?? ((p, response) => verify(p.verifier, response));
  }

  /** Optimizer updates applied so far. */
  get updates(): number {
    return this.opt.step;
  }

  /** The prompts of a rollout: each prompt k times, in contiguous groups. */
  rolloutPrompts(prompts: readonly PgPrompt[]): (string | Message[])[] {
    return prompts.flatMap((p) => Array<string | Message[]>(this.config.samplesPerPrompt).fill(p.prompt));
  }

  /** The sampling of the next rollout: at T, no top-k/top-p; each rollout its own seed (seed·1e6 + 1000·n). */
  nextRolloutOptions(): RolloutOptions {
    const c = this.config;
    return { maxNewTokens: c.maxNewTokens, temperature: c.temperature, batchSize: c.rolloutBatchSize, seed: c.seed * 1_000_000 + 1000 * this.rollouts++ };
  }

  /** One on-policy step: a rollout of the current policy, then `learn` from it. */
  step(prompts: readonly PgPrompt[]): PgStepResult {
    const t0 = performance.now();
    const samples = sampleRollouts(this.policy, this.tok, this.rolloutPrompts(prompts), this.nextRolloutOptions());
    const seconds = (performance.now() - t0) / 1000;
    return this.learn(prompts, { samples, seconds, waitS: seconds });
  }

  /**
   * Steps 2–5 on a rollout of `prompts` (rolloutPrompts order; token ids kept, EOS as `finished`), sampled here or
   * by a rollout worker during the previous step (then `waitS` is how long this step waited for it).
   */
  learn(prompts: readonly PgPrompt[], rollout: GivenRollout): PgStepResult {
    const { samples } = rollout;
    const c = this.config;
    const k = c.samplesPerPrompt;
    const ids = { padId: this.tok.padId, eosId: this.tok.eosId };
    const t0 = performance.now();
    const seqs: Sequence[] = samples.map((s) => ({ prompt: s.promptTokens, response: s.tokens, finished: s.finished }));

    // 2. reward: weight · verifier score + missing-EOS penalty − β · Σ_t k1 (vs the frozen reference). A group whose
    //    k scores are all equal has no signal: with skipUniformGroups it is dropped here, before the log-prob passes
    //    (so KL and entropy are measured on the samples trained on).
    const verifier = samples.map((s, i) => this.score(prompts[Math.floor(i / k)], s.text));
    const scores = verifier.map((v, i) => c.verifierWeight * v + (samples[i].finished ? 0 : c.missingEosPenalty));
    const mixed = prompts.map((_, p) => Math.max(...scores.slice(p * k, p * k + k)) !== Math.min(...scores.slice(p * k, p * k + k)));
    const used = seqs.map((_, i) => i).filter((i) => !(c.skipUniformGroups && k > 1) || mixed[Math.floor(i / k)]); // whole groups
    const scoreS = (performance.now() - t0) / 1000;
    const rolloutS = rollout.seconds + scoreS;
    const t1 = performance.now();
    const usedSeqs = used.map((i) => seqs[i]);
    const pi = responseLogProbs(this.policy, usedSeqs, ids, { temperature: c.temperature });
    const ref = responseLogProbs(this.reference, usedSeqs, ids, { temperature: c.temperature });
    const kl = pi.logprobs.map((lp, j) => sum(lp.map((x, t) => x - ref.logprobs[j][t]))); // Σ_t k1, per used sample
    const rewards = used.map((i, j) => scores[i] - c.klCoef * kl[j]);

    // 3. advantages: RLOO within each prompt's group (groups are kept whole), or minus a baseline
    const adv = c.advantage === 'rloo' ? rlooAdvantages(rewards, k) : baselineAdvantages(rewards, this.baseline.next(rewards));
    const trained = used.map((_, j) => j).filter((j) => adv[j] !== 0); // indices into `used`

    // 4. loss = −mean_i A_i · Σ_t log π(y_it) ('sequence') or −Σ_i Σ_t A_i log π(y_it) / Σ_i |y_i| ('token_mean')
    // 5. optimizer step (clip by global norm, Adam)
    const update = trained.length > 0 ? this.update(trained.map((j) => usedSeqs[j]), trained.map((j) => adv[j])) : null;
    const trainS = (performance.now() - t1) / 1000;
    this.steps++;
    // wall time of this step: the rollout, or only the wait for it when it was sampled during the previous step
    const stepS = rollout.waitS + scoreS + trainS;

    const tokens = sum(seqs.map((s) => s.response.length));
    const metrics: PgMetrics = {
      step: this.steps,
      'objective/rlhf_reward': mean(scores) - c.klCoef * mean(kl), // the used samples' KL stands for all
      'objective/scores': mean(scores),
      'objective/verifier': mean(verifier),
      'objective/kl': mean(kl), // Σ_t k1 per response, over the samples trained on
      'objective/entropy': mean(pi.entropy.flat()), // per token, same samples
      'policy/nonzero_adv_frac': trained.length / seqs.length,
      'policy/mixed_group_frac': mixed.filter(Boolean).length / prompts.length,
      'loss/policy': update?.loss ?? 0,
      grad_norm: update?.gradNorm ?? 0,
      'train/passes': update?.passes ?? 0, // forward/backward passes of the update (micro-batches)
      lr: update?.lr ?? this.opt.lr,
      'val/finished_frac': samples.filter((s) => s.finished).length / samples.length,
      'val/response_len': tokens / samples.length,
      'time/rollout_s': rolloutS,
      'time/train_s': trainS,
      'time/rollout_wait_s': rollout.waitS,
      tokens_per_s: tokens / stepS,
      samples_per_s: samples.length / stepS,
    };
    const groups = prompts.map((prompt, p) => ({
      prompt,
      mixed: mixed[p], // its scores (before the KL penalty) differ
      responses: samples.slice(p * k, p * k + k).map((s, j) => ({ text: s.text, tokens: s.tokens, finished: s.finished, score: verifier[p * k + j] })),
    }));
    return { metrics, groups };
  }

  /**
   * The policy-gradient loss over `seqs` with advantages `adv`, in micro-batches (≤ trainBatchSize rows, ≤ trainTokenBudget padded tokens) whose
   * gradients add up to the whole batch's (each chunk's loss is divided by the whole batch's denominator), then one
   * clipped Adam update.
   */
  private update(seqs: Sequence[], adv: number[]): { loss: number; gradNorm: number; lr: number; passes: number } {
    const c = this.config;
    const ids = { padId: this.tok.padId, eosId: this.tok.eosId };
    const denom = c.loss === 'sequence' ? seqs.length : sum(seqs.map((s) => s.response.length + (s.finished ? 1 : 0)));
    let loss = 0;
    let grads: Gradients | null = null;
    const ranges = microBatches(seqs, c.trainBatchSize, c.trainTokenBudget);
    for (const [start, end] of ranges) {
      const batch = packSequences(seqs.slice(start, end), ids);
      const A = tf.tensor2d(adv.slice(start, end), [batch.tokens.shape[0], 1]); // [n, 1]
      const part = this.opt.computeGradients(() => {
        const { logprobs } = sequenceLogProbs(this.policy, batch, c.temperature); // [n, T-1], 0 off the response
        return tf.div(tf.neg(tf.sum(tf.mul(logprobs, A))), denom) as tf.Scalar; // −Σ_i A_i Σ_t log π / denom
      });
      tf.dispose([batch, A]);
      loss += part.loss;
      if (grads === null) grads = part.grads;
      else {
        const acc: Gradients = grads;
        grads = Object.fromEntries(Object.keys(acc).map((name) => [name, tf.add(acc[name], part.grads[name])]));
        tf.dispose([acc, part.grads]);
      }
    }
    const applied = this.opt.applyGradients(grads as Gradients);
    tf.dispose(grads as Gradients);
    return { loss, gradNorm: applied.gradNorm, lr: applied.lr, passes: ranges.length };
  }

  /** Frees the reference copy and Adam's slots; the policy is the caller's. */
  dispose(): void {
    this.reference.dispose();
    this.opt.dispose();
  }
}
