// One request at a time to a worker thread that answers each request with one message: the replicas of
// data-parallel training (train/data-parallel.ts) and the rollout worker (rl/rollout-worker.ts). The worker's
// first message is its `ready`; an `error` reply rejects the request; a worker that dies rejects what is pending.
import type { Worker } from 'node:worker_threads';

type Reply = { type: string };
type ErrorReply = { type: 'error'; message: string; stack?: string };

export class WorkerChannel<Request, Answer extends Reply> {
  private pending: { resolve: (r: Answer) => void; reject: (e: Error) => void } | null = null;
  /** resolves at the worker's first message (its `ready`) */
  readonly ready: Promise<void>;

  constructor(
    readonly worker: Worker,
    private readonly name: string,
  ) {
    this.ready = new Promise<void>((resolve, reject) => {
      this.pending = { resolve: () => resolve(), reject };
    });
    worker.on('message', (msg: Answer | ErrorReply) => {
      const p = this.pending;
      this.pending = null;
      if (!p) return;
      if (msg.type === 'error') {
        const { message, stack } = msg as ErrorReply;
        p.reject(Object.assign(new Error(message), stack ? { stack } : {}));
      } else p.resolve(msg as Answer);
    });
    const fail = (err: Error) => {
      this.pending?.reject(err);
      this.pending = null;
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`${this.name} exited with code ${code}`)));
  }

  /** Sends `request` (moving `transfer`'s buffers) and resolves with the worker's answer of type `T`. */
  request<T extends Answer['type']>(request: Request, transfer: ArrayBuffer[] = []): Promise<Extract<Answer, { type: T }>> {
    if (this.pending) return Promise.reject(new Error(`${this.name} busy: one request at a time`));
    return new Promise((resolve, reject) => {
      this.pending = { resolve: resolve as (r: Answer) => void, reject };
      this.worker.postMessage(request, transfer);
    });
  }

  close(): Promise<number> {
    return this.worker.terminate();
  }
}
