// One replica of a data-parallel run (see data-parallel.ts): holds a full copy of the model and of Adam's
// state, computes gradients on its shard of each batch, and applies the averaged gradients it is sent.
// Every replica applies the same averaged gradients to the same weights, so they stay identical.
import * as tf from '@tensorflow/tfjs';
import { parentPort, workerData } from 'node:worker_threads';
import { initBackend } from '../backend';
import { GPT } from '../model/gpt';
import { padBatch } from './batch';
import { nextTokenNll } from './loss';
import { maskedSum } from './masked';
import { OptimizerStep } from './optimizer-step';
import type { ReplicaInit, ReplicaReply, ReplicaRequest } from './data-parallel-protocol';

const init = workerData as ReplicaInit;
const port = parentPort;
if (!port) throw new Error('data-parallel-worker must run in a worker thread');

await initBackend(init.backend);
const model = new GPT(init.config, init.weights ? { weights: new Map(Object.entries(init.weights)) } : { seed: init.seed });
const variables = [...model.namedWeights().values()];
const opt = new OptimizerStep(variables, init.optimizer);

/** Σ over the shard's masked-in targets of their NLL, divided by the whole batch's target count. */
function shardLoss(tokens: tf.Tensor2D, mask: tf.Tensor2D, normaliser: number): tf.Scalar {
  const [B, T] = mask.shape;
  const nll = nextTokenNll(model.forward(tokens), tokens); // [B, T-1]
  return tf.div(maskedSum(nll, mask.slice([0, 1], [B, T - 1])), normaliser) as tf.Scalar;
}

function handle(req: ReplicaRequest): { reply: ReplicaReply; transfer: ArrayBuffer[] } {
  switch (req.type) {
    case 'gradients': {
      const batch = padBatch(req.rows, init.padId, init.maxLen);
      const { loss, grads } = opt.computeGradients(() => shardLoss(batch.tokens, batch.responseMask, req.normaliser));
      const arrays = variables.map((v) => grads[v.name].dataSync() as Float32Array);
      tf.dispose([grads, batch.tokens, batch.attentionMask, batch.responseMask]);
      return { reply: { type: 'gradients', loss, grads: arrays }, transfer: arrays.map((a) => a.buffer as ArrayBuffer) };
    }
    case 'apply': {
      const grads: tf.NamedTensorMap = {};
      variables.forEach((v, i) => {
        grads[v.name] = tf.tensor(req.grads[i], v.shape, 'float32');
      });
      const r = opt.applyGradients(grads);
      tf.dispose(grads);
      return { reply: { type: 'applied', ...r }, transfer: [] };
    }
    case 'nll': {
      const batch = padBatch(req.rows, init.padId, init.maxLen);
      const [sum, count] = tf.tidy(() => {
        const [B, T] = batch.responseMask.shape;
        const mask = batch.responseMask.slice([0, 1], [B, T - 1]); // [B, T-1]
        return [maskedSum(nextTokenNll(model.forward(batch.tokens), batch.tokens), mask), tf.sum(mask)];
      });
      const reply: ReplicaReply = { type: 'nll', sum: sum.dataSync()[0], count: count.dataSync()[0] };
      tf.dispose([sum, count, batch.tokens, batch.attentionMask, batch.responseMask]);
      return { reply, transfer: [] };
    }
    case 'weights': {
      const weights: Record<string, Float32Array> = {};
      for (const [name, v] of model.namedWeights()) weights[name] = v.dataSync() as Float32Array;
      return { reply: { type: 'weights', weights }, transfer: [] };
    }
  }
}

port.on('message', (req: ReplicaRequest) => {
  try {
    const { reply, transfer } = handle(req);
    port.postMessage(reply, transfer);
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    port.postMessage({ type: 'error', message: e.message, stack: e.stack } satisfies ReplicaReply);
  }
});
port.postMessage({ type: 'ready' } satisfies ReplicaReply);
