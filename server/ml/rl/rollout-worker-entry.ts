// A rollout worker: a copy of the policy on its own thread (its own core under wasm, which runs one thread per
// worker). Each request brings the weights to sample with; the samples go back with their token ids.

import { parentPort, workerData } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../backend';
import { GPT } from '../model/gpt';
import { tokenizerByName } from '../model/tokenizer';
import { sampleRollouts } from './rollout';
import type { RolloutReply, RolloutRequest, RolloutWorkerInit, WeightSnapshot } from './rollout-worker-protocol';

const init = workerData as RolloutWorkerInit;
const port = parentPort;
if (!port) throw new Error('rollout-worker-entry must run in a worker thread');

await initBackend(init.backend);
const tok = tokenizerByName(init.tokenizer);
const model = new GPT(init.config, { weights: new Map(Object.entries(init.weights).filter(([name]) => !name.includes('lora_'))) });
if (init.lora) model.enableLora({ ...init.lora, seed: 0 });
const variables = new Map([...model.namedWeights(), ...model.loraWeights()]);
load(init.weights);

function load(weights: WeightSnapshot): void {
  for (const [name, values] of Object.entries(weights)) {
    const v = variables.get(name);
    if (!v) throw new Error(`rollout worker: no weight named ${name}`);
    const t = tf.tensor(values, v.shape, 'float32');
    v.assign(t);
    t.dispose();
  }
}

port.on('message', (req: RolloutRequest) => {
  try {
    const t0 = performance.now();
    load(req.weights);
    const samples = sampleRollouts(model, tok, req.prompts, req.options);
    port.postMessage({ type: 'samples', samples, seconds: (performance.now() - t0) / 1000 } satisfies RolloutReply);
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    port.postMessage({ type: 'error', message: e.message, stack: e.stack } satisfies RolloutReply);
  }
});
port.postMessage({ type: 'ready' } satisfies RolloutReply);
