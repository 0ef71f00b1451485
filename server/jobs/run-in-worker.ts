import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { WorkerMessage } from './worker-task';

export interface RunInWorkerOptions<P> {
  onProgress?: (data: P) => void;
  /** Aborting terminates the worker and rejects with an AbortError. */
  signal?: AbortSignal;
  /** the worker thread's nice value (0 normal … 19 lowest), set before the task loads [unchanged] */
  nice?: number;
  /** when the nice value could not be set (not Linux): why. The task runs anyway, at normal priority. */
  onNiceFailed?: (reason: string) => void;
}

/** tsx's ESM API (the `import` condition of `tsx/esm/api`), resolved from here whatever the cwd. */
const tsxApi = (() => {
  const pkgJson = createRequire(import.meta.url).resolve('tsx/package.json');
  const pkg = JSON.parse(readFileSync(pkgJson, 'utf8'));
  return pathToFileURL(join(dirname(pkgJson), pkg.exports['./esm/api'].import.default)).href;
})();

const threadPriority = new URL('./thread-priority.ts', import.meta.url).href;

/**
 * A worker whose entry is a .ts file. `execArgv: ['--import', 'tsx']` is not enough on Node 20: the
 * worker's entry module is resolved before the loader hooks apply ("Unknown file extension .ts"),
 * so a tiny eval'd entry registers tsx first and then imports the task. With `nice`, the entry lowers its own
 * thread's priority first (a nice-failed message tells the parent when it could not).
 */
export function spawn(path: string, workerData: unknown, { nice }: { nice?: number } = {}): Worker {
  if (!path.endsWith('.ts') && nice === undefined) return new Worker(path, { workerData });
  const entry = JSON.stringify(pathToFileURL(path).href);
  const lower =
    nice === undefined
      ? ''
      : `.then(() => import(${JSON.stringify(threadPriority)})).then(({ setThreadNice }) => {
          const reason = setThreadNice(${JSON.stringify(nice)});
          if (reason) require('node:worker_threads').parentPort.postMessage({ type: 'nice-failed', message: reason });
        })`;
  const code = `import(${JSON.stringify(tsxApi)}).then((m) => m.register())${lower}.then(() => import(${entry}));`;
  return new Worker(code, { eval: true, workerData });
}

function abortError(signal: AbortSignal): Error {
  const reason = signal.reason;
  if (reason instanceof Error && reason.name === 'AbortError') return reason;
  const err = new Error(reason instanceof Error ? reason.message : 'worker task aborted');
  err.name = 'AbortError';
  return err;
}

/**
 * Runs a task file (one that calls defineWorkerTask) in a worker thread, so training and sampling
 * never block the event loop. `.ts` task files are loaded through tsx; `input` must be structured-cloneable.
 */
export function runInWorker<I, O, P = unknown>(
  taskFile: string | URL,
  input: I,
  { onProgress, signal, nice, onNiceFailed }: RunInWorkerOptions<P> = {},
): Promise<O> {
  const path = taskFile instanceof URL ? fileURLToPath(taskFile) : taskFile;
  if (signal?.aborted) return Promise.reject(abortError(signal));
  return new Promise<O>((resolve, reject) => {
    const worker = spawn(path, input, { nice });
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      fn();
    };
    const onAbort = () => {
      settle(() => reject(abortError(signal as AbortSignal)));
      void worker.terminate();
    };
    signal?.addEventListener('abort', onAbort, { once: true });

    worker.on('message', (msg: WorkerMessage) => {
      if (msg.type === 'progress') onProgress?.(msg.data as P);
      else if (msg.type === 'nice-failed') onNiceFailed?.(msg.message);
      else if (msg.type === 'result') {
        settle(() => resolve(msg.data as O));
        void worker.terminate(); // the task is done; don't wait for stray handles
      } else if (msg.type === 'error') {
        const err = new Error(msg.message);
        if (msg.stack) err.stack = msg.stack;
        settle(() => reject(err));
        void worker.terminate();
      }
    });
    worker.on('error', (err) => settle(() => reject(err)));
    worker.on('exit', (code) =>
      settle(() => reject(new Error(`worker ${path} exited with code ${code} before returning a result`))),
    );
  });
}
