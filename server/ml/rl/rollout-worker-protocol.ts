// Messages between a trainer and its rollout worker (rollout-worker.ts, rollout-worker-entry.ts).
import type { Message } from '../model/chat-template';
import type { GPTConfig } from '../model/config';
import type { Sample } from '../model/sampling';
import type { RolloutOptions } from './rollout';

/** Base and LoRA weights by name (GPT.namedWeights / loraWeights). */
export type WeightSnapshot = Record<string, Float32Array>;

export interface RolloutWorkerInit {
  backend?: string;
  config: GPTConfig;
  tokenizer: string; // tokenizerByName
  lora: { rank: number; alpha: number; targets: string[] } | null;
  weights: WeightSnapshot;
}

export type RolloutRequest = { type: 'sample'; weights: WeightSnapshot; prompts: (string | Message[])[]; options: RolloutOptions };

export type RolloutReply =
  | { type: 'ready' }
  | { type: 'samples'; samples: Sample[]; seconds: number }
  | { type: 'error'; message: string; stack?: string };
