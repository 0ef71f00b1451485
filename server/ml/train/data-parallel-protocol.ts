// Messages between the data-parallel coordinator (data-parallel.ts) and its replicas (data-parallel-worker.ts).
import type { GPTConfig } from '../model/config';
import type { TokenRow } from './batch';
import type { OptimizerConfig, StepResult } from './optimizer-step';

export interface ReplicaInit {
  backend?: string;
  config: GPTConfig;
  seed: number; // fresh GPT-2 init when `weights` is absent (every replica draws the same weights)
  weights?: Record<string, Float32Array>; // starting weights by name (a checkpoint)
  optimizer: OptimizerConfig;
  padId: number;
  maxLen: number;
}

export type ReplicaRequest =
  | { type: 'gradients'; rows: TokenRow[]; normaliser: number } // grads of Σ shard NLL / normaliser
  | { type: 'apply'; grads: Float32Array[] } // in the order of model.namedWeights()
  | { type: 'nll'; rows: TokenRow[] } // Σ NLL and count of masked-in targets, no gradients
  | { type: 'weights' };

export type ReplicaReply =
  | { type: 'ready' }
  | { type: 'gradients'; loss: number; grads: Float32Array[] }
  | ({ type: 'applied' } & Omit<StepResult, 'loss'>)
  | { type: 'nll'; sum: number; count: number }
  | { type: 'weights'; weights: Record<string, Float32Array> }
  | { type: 'error'; message: string; stack?: string };
