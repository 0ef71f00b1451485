// The serving worker thread: holds the active policy's model and answers one generation at a time, streaming
// each step's text back. It yields between decode steps so that cancel messages are read. Never opens the database.
import { parentPort } from 'node:worker_threads';
import { initBackend } from '../ml/backend';
import { loadCheckpoint } from '../ml/model/checkpoint';
import type { GPT } from '../ml/model/gpt';
import type { Tokenizer } from '../ml/model/tokenizer';
import { decode } from './decode';
import type { FromWorker, ServedPolicy, ToWorker } from './protocol';

const port = parentPort;
if (!port) throw new Error('server/serving/worker.ts runs as a worker thread (see policy-server.ts)');
const post = (msg: FromWorker) => port.postMessage(msg);

let loaded: { policyId: number; model: GPT; tokenizer: Tokenizer } | undefined;
const backend = initBackend();
const cancelled = new Set<number>();
const waiting: Extract<ToWorker, { type: 'generate' }>[] = [];
let busy = false;

async function load(policy: ServedPolicy): Promise<NonNullable<typeof loaded>> {
  if (loaded?.policyId === policy.id) return loaded;
  await backend;
  const { model, tokenizer } = await loadCheckpoint(policy.checkpointDir);
  loaded?.model.dispose();
  loaded = { policyId: policy.id, model, tokenizer };
  return loaded;
}

async function run({ id, policy, request }: Extract<ToWorker, { type: 'generate' }>): Promise<void> {
  let model: NonNullable<typeof loaded>;
  try {
    model = await load(policy);
  } catch (err) {
    return post({ type: 'error', id, message: `policy v${policy.version} could not be loaded: ${(err as Error).message}`, loading: true });
  }
  try {
    post({ type: 'started', id });
    const result = await decode(model.model, model.tokenizer, request.prompts, request.n, request.params, {
      onDeltas: (deltas) => post({ type: 'deltas', id, deltas }),
      pause: () => new Promise((resolve) => setImmediate(resolve)),
      cancelled: () => cancelled.has(id),
    });
    post({ type: 'done', id, result });
  } catch (err) {
    post({ type: 'error', id, message: (err as Error).message, loading: false });
  } finally {
    cancelled.delete(id);
  }
}

async function drain(): Promise<void> {
  if (busy) return;
  busy = true;
  for (let next = waiting.shift(); next; next = waiting.shift()) await run(next);
  busy = false;
}

port.on('message', (msg: ToWorker) => {
  if (msg.type === 'cancel') {
    cancelled.add(msg.id);
    return;
  }
  waiting.push(msg);
  void drain();
});
