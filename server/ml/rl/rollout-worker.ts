// Rollouts on the second core. A trainer that overlaps rollout and training asks this worker for the next
// step's samples, with its weights as they are now, and trains on the current step's samples meanwhile: the
// samples it trains on were drawn by the policy one update earlier (one step off-policy, as in asynchronous
// RLHF, Noukhovitch et al. 2024). Same weights, prompts and seed ⇒ the same samples as sampleRollouts here.
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { spawn } from '../../jobs/run-in-worker';
import type { Message } from '../model/chat-template';
import type { GPT } from '../model/gpt';
import type { Sample } from '../model/sampling';
import type { Tokenizer } from '../model/tokenizer';
import { WorkerChannel } from '../worker-channel';
import type { GivenRollout, RolloutOptions } from './rollout';
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

export interface OverlapLoop<P, R> {
  policy: GPT; // its weights when a rollout is requested are the ones it samples with
  tokenizer: Tokenizer;
  canStart: (step: number) => boolean; // step 0, 1, …: may it start (step budget, deadline)?
  pick: () => P[]; // the prompts of the next step
  rollout: (prompts: P[], step: number) => { prompts: (string | Message[])[]; options: RolloutOptions };
  learn: (prompts: P[], rollout: GivenRollout) => R; // trains on it (this thread)
  record: (result: R) => Promise<void>;
  signal?: AbortSignal;
}

/**
 * Steps whose rollouts a rollout worker (started here, closed at the end) samples during the previous step's
 * training: step s+1's rollout is requested, with the weights as they are before step s's update, just before
 * step s trains.
 */
export async function overlappedSteps<P, R>(o: OverlapLoop<P, R>): Promise<void> {
  const worker = await RolloutWorker.create(o.policy, o.tokenizer, tf.getBackend());
  const request = (step: number) => {
    const prompts = o.pick();
    const r = o.rollout(prompts, step);
    const reply = worker.sample(snapshotWeights(o.policy), r.prompts, r.options);
    reply.catch(() => undefined); // awaited by the next step; a run that ends first (error, abort) closes the worker
    return { prompts, reply };
  };
  try {
    let next = o.canStart(0) ? request(0) : null;
    for (let s = 0; next; s++) {
      const waitFrom = performance.now();
      const { samples, seconds } = await next.reply;
      const waitS = (performance.now() - waitFrom) / 1000;
      const { prompts } = next;
      if (o.signal?.aborted) throw Object.assign(new Error('training aborted'), { name: 'AbortError' });
      next = o.canStart(s + 1) ? request(s + 1) : null;
      await o.record(o.learn(prompts, { samples, seconds, waitS }));
    }
  } finally {
    await worker.close();
  }
}
