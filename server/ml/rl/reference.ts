// The frozen reference policy π_ref of the KL penalty: a copy of the policy's weights taken once, that no
// optimizer can touch (its variables are not trainable, so tf.variableGrads prunes them, and it offers none).
import type * as tf from '@tensorflow/tfjs';
import type { GPT } from '../model/gpt';
import type { LogitsModel } from './logprobs';

export class ReferencePolicy implements LogitsModel {
  private readonly model: GPT;

  /** Copies `policy`'s current weights (LoRA adapters included); later updates of the policy do not reach it. */
  constructor(policy: GPT) {
    this.model = policy.clone();
    for (const v of [...this.model.namedWeights().values(), ...this.model.loraWeights().values()]) v.trainable = false;
  }

  forward(tokens: tf.Tensor2D, opts: { attentionMask?: tf.Tensor2D } = {}): tf.Tensor3D {
    return this.model.forward(tokens, opts);
  }

  /** Always empty: there is nothing here to optimise (OptimizerStep refuses an empty list). */
  trainableVariables(): tf.Variable[] {
    return [];
  }

  /** The frozen weights by name, read-only by convention (for checks and snapshots). */
  weights(): Map<string, tf.Variable> {
    return new Map([...this.model.namedWeights(), ...this.model.loraWeights()]);
  }

  dispose(): void {
    this.model.dispose();
  }
}
