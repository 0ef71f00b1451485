// The policy with a value head on its trunk (PPO, TRPO): one hidden pass gives the token log-probs and V(s_t).
// V(s_t) is read at position t, the state from which token t+1 is drawn, so values line up with the log-probs
// [B, T-1] and their response mask. The head starts at zero (DESIGN.md §4: "Value head (init from RM or zeros)").
import * as tf from '@tensorflow/tfjs';
import type { GPT } from '../model/gpt';
import { logProbsOfLogits, type PackedSequences, type TokenLogProbs } from './logprobs';

export class ValueHead {
  readonly w: tf.Variable; // [C, 1]
  readonly b: tf.Variable; // [1]

  constructor(C: number, init?: { w: Float32Array; b: number }) {
    if (init && init.w.length !== C) throw new Error(`value head: expected ${C} weights, got ${init.w.length}`);
    this.w = tf.variable(init ? tf.tensor2d(init.w, [C, 1]) : tf.zeros([C, 1]));
    this.b = tf.variable(tf.tensor1d([init?.b ?? 0]));
  }

  /** h [B, T, C] → V [B, T] */
  apply(h: tf.Tensor3D): tf.Tensor2D {
    return tf.tidy(() => {
      const [B, T, C] = h.shape;
      return tf.reshape(tf.add(tf.matMul(tf.reshape(h, [B * T, C]), this.w), this.b), [B, T]) as tf.Tensor2D; // [B, T]
    });
  }

  variables(): tf.Variable[] {
    return [this.w, this.b];
  }

  /** The weights as plain numbers (stored beside a checkpoint so a later run can start from them). */
  snapshot(): { w: number[]; b: number } {
    return { w: Array.from(this.w.dataSync()), b: this.b.dataSync()[0] };
  }

  dispose(): void {
    tf.dispose([this.w, this.b]);
  }
}

export type PolicyValueOutput = TokenLogProbs & {
  values: tf.Tensor2D; // [B, T-1] V(s_t), 0 outside the response mask
};

export class PolicyWithValue {
  readonly valueHead: ValueHead;

  constructor(
    readonly policy: GPT,
    valueHead?: ValueHead,
  ) {
    this.valueHead = valueHead ?? new ValueHead(policy.config.nEmbd);
  }

  /** Log-probs, entropies and values of the packed batch at `temperature`; differentiable. */
  evaluate(batch: PackedSequences, temperature: number): PolicyValueOutput {
    return tf.tidy(() => {
      const h = this.policy.hidden(batch.tokens, { attentionMask: batch.attentionMask }); // [B, T, C]
      const [B, T] = batch.tokens.shape;
      const stats = logProbsOfLogits(this.policy.unembed(h), batch, temperature); // [B, T-1] each
      const values = tf.mul(tf.slice(this.valueHead.apply(h), [0, 0], [B, T - 1]), batch.responseMask) as tf.Tensor2D; // [B, T-1]
      return { ...stats, values };
    });
  }

  /** Values only (the trunk still runs; differentiate w.r.t. valueHead.variables() to fit the head alone). */
  values(batch: PackedSequences): tf.Tensor2D {
    return tf.tidy(() => {
      const h = this.policy.hidden(batch.tokens, { attentionMask: batch.attentionMask }); // [B, T, C]
      const [B, T] = batch.tokens.shape;
      return tf.mul(tf.slice(this.valueHead.apply(h), [0, 0], [B, T - 1]), batch.responseMask) as tf.Tensor2D; // [B, T-1]
    });
  }

  /** Policy weights (trainable ones) and the value head. */
  trainableVariables(): tf.Variable[] {
    return [...this.policy.trainableVariables(), ...this.valueHead.variables()];
  }
}
