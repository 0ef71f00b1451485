// The body of an RLOO / REINFORCE run on a checkpoint (prompts with verifier specs), writing a new checkpoint. Worker
// entries: pg-worker.ts (trainPgInWorker) and server/jobs/kinds/rloo-task.ts (the rloo job).
import { initBackend } from '../backend';
import { loadCheckpoint, saveCheckpoint } from '../model/checkpoint';
import { type PgConfig, pgConfig } from './config';
import type { PgMetrics, PgPrompt } from './pg';
import { type PgRunResult, trainPg } from './run';

export interface PgTaskInput {
  checkpointDir: string; // the policy to improve (also the frozen reference)
  outDir: string; // where the new checkpoint goes
  prompts: PgPrompt[]; // training prompts with their verifier specs
  config?: Partial<PgConfig>;
  steps?: number; // rollout steps [until `minutes`; 1000 without]
  minutes?: number; // time budget
  meta?: Record<string, unknown>; // stored in the new checkpoint's config.json
}

export type PgTaskResult = PgRunResult & { outDir: string; meta: Record<string, unknown> };

/** Worker progress: one metrics record per step. */
export type PgTaskProgress = PgMetrics;

/** Loads, trains and saves; exported so a job task can run the same body. */
export async function runPgTask(input: PgTaskInput, onStep?: (m: PgMetrics) => void): Promise<PgTaskResult> {
  await initBackend();
  const config = pgConfig(input.config); // fail before loading anything
  const { model, tokenizer, meta } = await loadCheckpoint(input.checkpointDir);
  try {
    const result = await trainPg({
      policy: model,
      tokenizer,
      prompts: input.prompts,
      config,
      steps: input.steps,
      deadline: input.minutes === undefined ? undefined : Date.now() + input.minutes * 60_000,
      onStep,
    });
    await saveCheckpoint(input.outDir, model, {
      ...meta,
      ...input.meta,
      tokenizer: tokenizer.name,
      parent: input.checkpointDir,
      rl: { algorithm: config.advantage === 'rloo' ? 'rloo' : 'reinforce', config, steps: result.steps, final: result.final },
    });
    return { ...result, outDir: input.outDir, meta: input.meta ?? {} };
  } finally {
    model.dispose();
  }
}
