// DPO (Rafailov et al. 2023; DESIGN.md §4): the policy learns from preference pairs directly, offline, with no reward
// model and no sampling. log π(y) = Σ_t log π(y_t | x, y_<t) over the response tokens and its EOS, by one full
// forward pass (logprobs.ts); the implicit reward of a response is β(log π(y) − log π_ref(y)).
import * as tf from '@tensorflow/tfjs';
import { encodeExample, type Message } from '../model/chat-template';
import type { GPT } from '../model/gpt';
import type { Tokenizer } from '../model/tokenizer';
import { type Gradients, OptimizerStep } from '../train/optimizer-step';
import { type DpoConfig, dpoConfig } from './dpo-config';
import { type LogitsModel, packSequences, responseLogProbs, type Sequence, sequenceLogProbs } from './logprobs';
import { mean } from './math';
import { ReferencePolicy } from './reference';

/** One preference: `chosen` was preferred to `rejected` as an answer to `prompt`. */
export interface DpoPair {
  prompt: string | Message[];
  chosen: string;
  rejected: string;
}

/** One flat record per step, namespaced like TRL (`loss/dpo`, `rewards/margins`, `logps/chosen`, …). */
export type DpoMetrics = Record<string, number>;

/** log σ(x) = −softplus(−x): tf.logSigmoid's gradient fails on the wasm backend (see server/ml/reward/loss.ts). */
const logSigmoid = (x: tf.Tensor): tf.Tensor => tf.neg(tf.softplus(tf.neg(x)));

/** Implicit reward β(log π(y) − log π_ref(y)). [N], [N] → [N] */
export function implicitRewards(policyLogps: tf.Tensor, refLogps: tf.Tensor, beta: number): tf.Tensor {
  return tf.tidy(() => tf.mul(beta, tf.sub(policyLogps, refLogps)));
}

/** mean over pairs of −log σ(β[(π_w − ref_w) − (π_l − ref_l)]), on per-pair summed log-probs [N]. */
export function dpoLoss(policyChosen: tf.Tensor, policyRejected: tf.Tensor, refChosen: tf.Tensor, refRejected: tf.Tensor, beta: number): tf.Scalar {
  return tf.tidy(() => {
    const logits = tf.sub(implicitRewards(policyChosen, refChosen, beta), implicitRewards(policyRejected, refRejected, beta)); // [N]
    return tf.mean(tf.neg(logSigmoid(logits))) as tf.Scalar;
  });
}

/** TRL's reward metrics from per-pair implicit rewards of the chosen and the rejected responses. */
export function rewardMetrics(chosen: readonly number[], rejected: readonly number[], prefix = ''): DpoMetrics {
  return {
    [`${prefix}rewards/chosen`]: mean(chosen),
    [`${prefix}rewards/rejected`]: mean(rejected),
    [`${prefix}rewards/accuracies`]: mean(chosen.map((r, i) => (r > rejected[i] ? 1 : 0))),
    [`${prefix}rewards/margins`]: mean(chosen.map((r, i) => r - rejected[i])),
  };
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/** One number per pair for its chosen and its rejected row (Σ_t log-probs, or implicit rewards). */
type LogpsOfPairs = { chosen: number[]; rejected: number[] };

export class DpoTrainer {
  readonly config: DpoConfig;
  readonly reference: ReferencePolicy;
  private readonly opt: OptimizerStep;
  private readonly maxLen: number;
  private readonly refLogps = new Map<string, number>(); // row tokens → Σ_t log π_ref, computed once per row

  constructor(
    private readonly policy: GPT,
    private readonly tok: Tokenizer,
    config: Partial<DpoConfig> = {},
    opts: { totalSteps?: number } = {},
  ) {
    this.config = dpoConfig(config);
    const c = this.config;
    const totalSteps = opts.totalSteps ?? 1000;
    this.reference = new ReferencePolicy(policy); // frozen at the policy's weights now
    this.maxLen = Math.min(c.maxLen, policy.config.blockSize);
    this.opt = new OptimizerStep(policy.trainableVariables(), {
      lr: c.lr,
      totalSteps,
      warmupSteps: c.warmupSteps ?? Math.round(0.1 * totalSteps),
      schedule: 'linear', // to 0, as TRL
      minLrRatio: 0,
      maxGradNorm: c.maxGradNorm,
    });
  }

  /** Optimizer updates applied so far. */
  get updates(): number {
    return this.opt.step;
  }

  /**
   * One update on a batch of pairs: 1. encode  2. reference log-probs  3. loss and gradients per micro-batch
   * (chosen and rejected rows in one forward pass), summed  4. clipped Adam step  5. metrics of the forward pass.
   */
  step(pairs: readonly DpoPair[]): DpoMetrics {
    if (pairs.length === 0) throw new Error('DpoTrainer.step: no pairs');
    const t0 = performance.now();
    // 1. encode: the chat template, response + EOS (cut at maxLen like SFT)
    const chosen = pairs.map((p) => this.encode(p.prompt, p.chosen));
    const rejected = pairs.map((p) => this.encode(p.prompt, p.rejected));
    // 2. Σ_t log π_ref per row, once per row over the whole run
    const ref = { chosen: this.referenceLogps(chosen), rejected: this.referenceLogps(rejected) };
    // 3. loss and gradients
    const { loss, grads, policy } = this.lossAndGradients(chosen, rejected, ref);
    // 4. optimizer step
    const applied = this.opt.applyGradients(grads);
    tf.dispose(grads);
    // 5. metrics, from the forward pass before the update (as TRL)
    const rewards = this.implicitRewards(policy, ref);
    const tokens = sum([...chosen, ...rejected].map((s) => s.prompt.length + s.response.length + (s.finished ? 1 : 0)));
    return {
      step: this.opt.step,
      'loss/dpo': loss,
      ...rewardMetrics(rewards.chosen, rewards.rejected),
      'logps/chosen': mean(policy.chosen),
      'logps/rejected': mean(policy.rejected),
      grad_norm: applied.gradNorm,
      lr: applied.lr,
      tokens_per_s: tokens / ((performance.now() - t0) / 1000),
    };
  }

  /**
   * Held-out metrics without gradients: the DPO loss and the implicit reward's preference accuracy and margin
   * (`eval/loss`, `eval/rewards/accuracies`, …).
   */
  evaluate(pairs: readonly DpoPair[]): DpoMetrics {
    if (pairs.length === 0) return {};
    const chosen = pairs.map((p) => this.encode(p.prompt, p.chosen));
    const rejected = pairs.map((p) => this.encode(p.prompt, p.rejected));
    const policy = { chosen: this.summedLogps(this.policy, chosen), rejected: this.summedLogps(this.policy, rejected) };
    const ref = { chosen: this.referenceLogps(chosen), rejected: this.referenceLogps(rejected) };
    const loss = tf.tidy(() =>
      dpoLoss(tf.tensor1d(policy.chosen), tf.tensor1d(policy.rejected), tf.tensor1d(ref.chosen), tf.tensor1d(ref.rejected), this.config.beta).dataSync()[0],
    );
    const rewards = this.implicitRewards(policy, ref);
    return {
      'eval/loss': loss,
      ...rewardMetrics(rewards.chosen, rewards.rejected, 'eval/'),
      'eval/logps/chosen': mean(policy.chosen),
      'eval/logps/rejected': mean(policy.rejected),
    };
  }

  /** Frees the reference copy and Adam's slots; the policy is the caller's. */
  dispose(): void {
    this.reference.dispose();
    this.opt.dispose();
  }

  /** β(log π − log π_ref) per pair, of the chosen and the rejected rows. */
  private implicitRewards(policy: LogpsOfPairs, ref: LogpsOfPairs): LogpsOfPairs {
    const beta = this.config.beta;
    return {
      chosen: policy.chosen.map((lp, i) => beta * (lp - ref.chosen[i])),
      rejected: policy.rejected.map((lp, i) => beta * (lp - ref.rejected[i])),
    };
  }

  /** Prompt and response ids as the SFT and reward code encode them; `finished` when the EOS survived the cut. */
  private encode(prompt: string | Message[], response: string): Sequence {
    const { tokens, responseMask } = encodeExample(this.tok, prompt, response, this.maxLen);
    const promptLen = responseMask.indexOf(1);
    const finished = tokens[tokens.length - 1] === this.tok.eosId;
    return { prompt: tokens.slice(0, promptLen), response: tokens.slice(promptLen, finished ? -1 : undefined), finished };
  }

  /** Σ_t log π(y_t) per row, no gradients. */
  private summedLogps(model: LogitsModel, seqs: readonly Sequence[]): number[] {
    const ids = { padId: this.tok.padId, eosId: this.tok.eosId };
    return responseLogProbs(model, seqs, ids, { batchSize: 2 * this.config.microBatchSize }).logprobs.map(sum);
  }

  private referenceLogps(seqs: readonly Sequence[]): number[] {
    const key = (s: Sequence) => `${s.prompt.join(',')}|${s.response.join(',')}|${s.finished}`;
    const missing = seqs.filter((s) => !this.refLogps.has(key(s)));
    if (missing.length > 0) {
      const logps = this.summedLogps(this.reference, missing);
      missing.forEach((s, i) => {
        this.refLogps.set(key(s), logps[i]);
      });
    }
    return seqs.map((s) => this.refLogps.get(key(s)) as number);
  }

  /**
   * The DPO loss over all pairs and its gradients, in micro-batches whose gradients add up to the whole batch's:
   * each micro-batch's mean loss is weighted by its share of the pairs. Also the policy's Σ_t log π per row.
   */
  private lossAndGradients(chosen: Sequence[], rejected: Sequence[], ref: LogpsOfPairs) {
    const ids = { padId: this.tok.padId, eosId: this.tok.eosId };
    const N = chosen.length;
    const size = this.config.microBatchSize;
    const policy: LogpsOfPairs = { chosen: [], rejected: [] };
    let loss = 0;
    let grads: Gradients | null = null;
    for (let start = 0; start < N; start += size) {
      const n = Math.min(size, N - start);
      const batch = packSequences([...chosen.slice(start, start + n), ...rejected.slice(start, start + n)], ids); // rows [w₁…w_n, l₁…l_n]
      const refW = tf.tensor1d(ref.chosen.slice(start, start + n)); // [n]
      const refL = tf.tensor1d(ref.rejected.slice(start, start + n)); // [n]
      const part = this.opt.computeGradients(() => {
        const logps = tf.sum(sequenceLogProbs(this.policy, batch).logprobs, 1); // [2n] Σ_t log π over the response
        const [piW, piL] = tf.split(logps, 2); // [n], [n]
        policy.chosen.push(...piW.dataSync());
        policy.rejected.push(...piL.dataSync());
        return tf.mul(dpoLoss(piW, piL, refW, refL, this.config.beta), n / N) as tf.Scalar;
      });
      tf.dispose([batch, refW, refL]);
      loss += part.loss;
      grads = grads === null ? part.grads : addGradients(grads, part.grads);
    }
    return { loss, grads: grads as Gradients, policy };
  }
}

/** a + b by name; both are disposed. */
function addGradients(a: Gradients, b: Gradients): Gradients {
  const out = Object.fromEntries(Object.keys(a).map((name) => [name, tf.add(a[name], b[name])]));
  tf.dispose([a, b]);
  return out;
}
