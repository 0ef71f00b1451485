/**
 * Serves generations from the active policy off the event loop: one worker thread (started on the first
 * request) holds the model and decodes one request at a time; the others wait in a bounded queue, and a
 * request past the bound is refused at once (429 overloaded). Each request names the policy version it is
 * for, so the worker reloads the checkpoint when the active version has changed. A crashed worker fails its
 * request and is replaced by the next one.
 *
 *   route ─► generate(policy, request) ─► queue (≤ maxQueued) ─► worker: load? ─► started ─► deltas… ─► done
 */
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import { HttpError } from '../errors';
import { spawn } from '../jobs/run-in-worker';
import type { DecodeResult, Delta } from './decode';
import type { FromWorker, GenerationRequest, ServedPolicy } from './protocol';

const WORKER_FILE = fileURLToPath(new URL('./worker.ts', import.meta.url));

export interface PolicyServerOptions {
  /** requests that may wait behind the running one [8] */
  maxQueued?: number;
  /** the worker's file [./worker.ts] */
  workerFile?: string;
}

export interface GenerationHooks {
  /** the model is loaded and decoding has begun (a stream's headers can go out) */
  onStart?(): void;
  onDeltas?(deltas: Delta[]): void;
  /** the caller is gone: a waiting request leaves the queue, a running one stops after its current step */
  signal?: AbortSignal;
}

interface Pending {
  id: number;
  policy: ServedPolicy;
  request: GenerationRequest;
  hooks: GenerationHooks;
  resolve(result: DecodeResult): void;
  reject(err: Error): void;
}

export class PolicyServer {
  private worker: Worker | undefined;
  private readonly waiting: Pending[] = [];
  private running: Pending | undefined;
  private nextId = 1;
  private closed = false;
  private readonly maxQueued: number;

  constructor(private readonly opts: PolicyServerOptions = {}) {
    this.maxQueued = opts.maxQueued ?? 8;
  }

  /** Queues a generation; throws 429 overloaded at once when the queue is full. Resolves with every choice. */
  generate(policy: ServedPolicy, request: GenerationRequest, hooks: GenerationHooks = {}): Promise<DecodeResult> {
    if (this.closed) throw new HttpError(503, 'shutting_down', 'The server is shutting down');
    if (this.running && this.waiting.length >= this.maxQueued) {
      throw new HttpError(429, 'overloaded', `The policy server is busy (${this.waiting.length} requests waiting); retry shortly`, {
        retryAfterSeconds: 1,
      });
    }
    return new Promise<DecodeResult>((resolve, reject) => {
      const pending: Pending = { id: this.nextId++, policy, request, hooks, resolve, reject };
      hooks.signal?.addEventListener('abort', () => this.abandon(pending), { once: true });
      this.waiting.push(pending);
      this.pump();
    });
  }

  /** requests running or waiting */
  get load(): number {
    return this.waiting.length + (this.running ? 1 : 0);
  }

  /** Fails what waits, stops the worker. */
  async close(): Promise<void> {
    this.closed = true;
    const gone = new HttpError(503, 'shutting_down', 'The server is shutting down');
    for (const p of this.waiting.splice(0)) p.reject(gone);
    this.running?.reject(gone);
    this.running = undefined;
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  private pump(): void {
    if (this.running || this.closed) return;
    const next = this.waiting.shift();
    if (!next) return;
    this.running = next;
    this.ensureWorker().postMessage({ type: 'generate', id: next.id, policy: next.policy, request: next.request });
  }

  private abandon(p: Pending): void {
    const at = this.waiting.indexOf(p);
    if (at !== -1) {
      this.waiting.splice(at, 1);
      p.reject(abortError());
    } else if (this.running === p) {
      this.worker?.postMessage({ type: 'cancel', id: p.id }); // its partial result settles it
    }
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = spawn(this.opts.workerFile ?? WORKER_FILE, undefined);
    worker.on('message', (msg: FromWorker) => this.onMessage(msg));
    const fail = (err: Error) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      const running = this.running;
      this.running = undefined;
      running?.reject(new HttpError(500, 'generation_failed', `The policy worker stopped: ${err.message}`));
      this.pump(); // the next request gets a fresh worker
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`exit code ${code}`)));
    this.worker = worker;
    return worker;
  }

  private onMessage(msg: FromWorker): void {
    const p = this.running;
    if (!p || p.id !== msg.id) return; // a request already settled (closed, or its worker replaced)
    if (msg.type === 'started') {
      p.hooks.onStart?.();
      return;
    }
    if (msg.type === 'deltas') {
      p.hooks.onDeltas?.(msg.deltas);
      return;
    }
    this.running = undefined;
    if (msg.type === 'done') p.resolve(msg.result);
    else if (msg.loading) p.reject(new HttpError(503, 'policy_unavailable', msg.message));
    else p.reject(new HttpError(500, 'generation_failed', `Generation failed: ${msg.message}`));
    this.pump();
  }
}

function abortError(): Error {
  const err = new Error('the request was abandoned');
  err.name = 'AbortError';
  return err;
}
