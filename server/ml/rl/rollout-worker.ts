// Rollouts on the second core. A trainer that overlaps rollout and training asks this worker for the next
// step's samples, with its weights as they are now, and trains on the current step's samples meanwhile: the
// samples it trains on were drawn by the policy one update earlier (one step off-policy, as in asynchronous
// RLHF, Noukhovitch et al. 2024). Same weights, prompts and seed ⇒ the same samples as sampleRollouts here.
import { fileURLToPath } from 'node:url';
import { spawn } from '../../jobs/run-in-worker';
import type { Message } from '../model/chat-template';
import type { GPT } from '../model/gpt';
import type { Sample } from '../model/sampling';
import type { Tokenizer } from '../model/tokenizer';
import { WorkerChannel } from '../worker-channel';
import type { RolloutOptions } from './rollout';
import type { RolloutReply, RolloutRequest, RolloutWorkerInit, WeightSnapshot } from './rollout-worker-protocol';

const ENTRY = fileURLToPath(new URL('./rollout-worker-entry.ts', import.meta.url));

/** Copies of the policy's base and LoRA weights, by name (transferable: each is its own buffer). */
export function snapshotWeights(policy: GPT): WeightSnapshot {
  const out: WeightSnapshot = {};
  for (const [name, v] of [...policy.namedWeights(), ...policy.loraWeights()]) out[name] = (v.dataSync() as Float32Array).slice();
  return out;
}

export class RolloutWorker {
  private constructor(private readonly channel: WorkerChannel<RolloutRequest, Exclude<RolloutReply, { type: 'error' }>>) {}

  /** A worker holding a copy of `policy` (its weights now); resolves once it is ready to sample. */
  static async create(policy: GPT, tok: Tokenizer, backend?: string): Promise<RolloutWorker> {
    const init: RolloutWorkerInit = { backend, config: policy.config, tokenizer: tok.name, lora: policy.loraConfig(), weights: snapshotWeights(policy) };
    const channel = new WorkerChannel<RolloutRequest, Exclude<RolloutReply, { type: 'error' }>>(spawn(ENTRY, init), 'rollout worker');
    try {
      await channel.ready;
    } catch (err) {
      await channel.close();
      throw err;
    }
    return new RolloutWorker(channel);
  }

  /** Samples `prompts` with the weights in `weights` (snapshotWeights; their buffers move to the worker). */
  async sample(weights: WeightSnapshot, prompts: (string | Message[])[], options: RolloutOptions): Promise<{ samples: Sample[]; seconds: number }> {
    const request: RolloutRequest = { type: 'sample', weights, prompts, options };
    const { samples, seconds } = await this.channel.request<'samples'>(request, Object.values(weights).map((w) => w.buffer as ArrayBuffer));
    return { samples, seconds };
  }

  async close(): Promise<void> {
    await this.channel.close();
  }
}
