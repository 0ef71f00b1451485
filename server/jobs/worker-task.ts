import { isMainThread, parentPort, workerData } from 'node:worker_threads';

/** Messages a task worker posts to its parent. */
export type WorkerMessage =
  | { type: 'progress'; data: unknown }
  | { type: 'result'; data: unknown }
  | { type: 'error'; message: string; stack?: string }
  /** posted by the entry runInWorker builds when it could not lower the thread's priority */
  | { type: 'nice-failed'; message: string };

export interface TaskContext {
  /** Sends a progress record to the parent's `onProgress`. */
  progress(data: unknown): void;
}

/**
 * The body of a worker file: `defineWorkerTask(async (input, ctx) => result)`. The input is the
 * `workerData` given to runInWorker; the result (structured-cloneable) resolves its promise.
 * Importing the file on the main thread does nothing, so it can also export helpers.
 */
export function defineWorkerTask<I, O>(run: (input: I, ctx: TaskContext) => Promise<O> | O): void {
  if (isMainThread || !parentPort) return;
  const port = parentPort;
  const post = (msg: WorkerMessage) => port.postMessage(msg);
  Promise.resolve()
    .then(() => run(workerData as I, { progress: (data) => post({ type: 'progress', data }) }))
    .then(
      (data) => post({ type: 'result', data }),
      (err: unknown) => {
        const e = err instanceof Error ? err : new Error(String(err));
        post({ type: 'error', message: e.message, stack: e.stack });
      },
    );
}
