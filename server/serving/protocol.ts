// Messages between the main thread (policy-server.ts) and the serving worker (worker.ts).
import type { DecodeParams, DecodeResult, Delta } from './decode';

/** The policy version a request is for; the worker (re)loads its checkpoint when the id changes. */
export interface ServedPolicy {
  id: number;
  version: number;
  checkpointDir: string; // absolute
}

export interface GenerationRequest {
  /** rendered prompts (chat template already applied for chat) */
  prompts: string[];
  n: number;
  params: DecodeParams;
}

export type ToWorker =
  | { type: 'generate'; id: number; policy: ServedPolicy; request: GenerationRequest }
  /** ends request `id` after its current step (its partial result still comes back) */
  | { type: 'cancel'; id: number };

export type FromWorker =
  /** the policy is loaded and decoding has begun */
  | { type: 'started'; id: number }
  | { type: 'deltas'; id: number; deltas: Delta[] }
  | { type: 'done'; id: number; result: DecodeResult }
  /** `loading`: the checkpoint could not be loaded (the request never started) */
  | { type: 'error'; id: number; message: string; loading: boolean };
