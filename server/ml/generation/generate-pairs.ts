// Entry point for the server: sample responses for queue prompts in a worker thread.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInWorker } from '../../jobs/run-in-worker';
import type { GenerateProgress, GenerateTaskInput } from './generate-task';
import type { PromptInput, ResponseSample } from './sample-responses';

/** The shipped starter policy (written by `npm run train:starter`). */
export const STARTER_CHECKPOINT_DIR = fileURLToPath(new URL('../../../models/starter', import.meta.url));

const TASK_FILE = fileURLToPath(new URL('./generate-task.ts', import.meta.url));

export interface GeneratePairsOptions {
  checkpointDir: string;
  prompts: PromptInput[];
  samplesPerPrompt?: number; // [2] — a pair
  temperature?: number; // [0.8]
  maxNewTokens?: number; // [128]
  seed?: number; // [0]
  onProgress?: (done: number, total: number) => void; // prompts done
  signal?: AbortSignal; // terminates the worker
}

/**
 * For each prompt, `samplesPerPrompt` samples from the checkpoint's policy (chat template applied), computed
 * in a worker thread so the event loop stays free. Samples come back grouped by prompt, in prompt order.
 */
export async function generatePairsForPrompts(opts: GeneratePairsOptions): Promise<ResponseSample[]> {
  const input: GenerateTaskInput = {
    checkpointDir: path.resolve(opts.checkpointDir),
    prompts: opts.prompts.map(({ id, text }) => ({ id, text })),
    samplesPerPrompt: opts.samplesPerPrompt ?? 2,
    params: { temperature: opts.temperature, maxNewTokens: opts.maxNewTokens, seed: opts.seed },
  };
  for (const k of Object.keys(input.params) as (keyof typeof input.params)[])
    if (input.params[k] === undefined) delete input.params[k];
  if (input.prompts.length === 0) return [];
  return runInWorker<GenerateTaskInput, ResponseSample[], GenerateProgress>(TASK_FILE, input, {
    onProgress: (p) => opts.onProgress?.(p.done, p.total),
    signal: opts.signal,
  });
}
