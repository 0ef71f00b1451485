// The body of a dpo job (worker entry: server/jobs/kinds/dpo-task.ts): loads the policy checkpoint, runs DPO on the labelled
// pairs (one metrics record per step), measures the implicit reward on the held-out pairs, writes a new checkpoint.
import { initBackend } from '../backend';
import { renderPrompt } from '../model/chat-template';
import { loadCheckpoint, saveCheckpoint } from '../model/checkpoint';
import { batchStream } from '../train/batch-stream';
import { type DpoMetrics, type DpoPair, DpoTrainer } from './dpo';
import { type DpoConfig, dpoConfig, dpoTotalSteps } from './dpo-config';

export interface DpoTaskInput {
  checkpointDir: string; // the policy to improve (also the frozen reference)
  outDir: string; // where the new checkpoint goes
  train: DpoPair[];
  eval: DpoPair[]; // held-out pairs (may be empty)
  config?: Partial<DpoConfig>;
  meta?: Record<string, unknown>; // stored in the new checkpoint's config.json
}

export interface DpoTaskResult {
  outDir: string;
  steps: number;
  seconds: number;
  final: DpoMetrics; // means of the last 10 steps' metrics
  eval: DpoMetrics; // held-out `eval/…` metrics of the trained policy ({} without held-out pairs)
  pairs: { train: number; eval: number };
  meta: Record<string, unknown>; // the input's meta, handed back
}

function meanRecord(records: DpoMetrics[]): DpoMetrics {
  const out: DpoMetrics = {};
  for (const key of Object.keys(records[0] ?? {})) out[key] = records.reduce((a, r) => a + (r[key] ?? 0), 0) / records.length;
  return out;
}

/** Loads, trains, evaluates and saves; `onStep` gets each step's record (the last one with the eval metrics). */
export async function runDpoTask(input: DpoTaskInput, onStep?: (m: DpoMetrics, totalSteps: number) => void): Promise<DpoTaskResult> {
  await initBackend();
  const config = dpoConfig(input.config); // fail before loading anything
  if (input.train.length === 0) throw new Error('no training pairs');
  const { model, tokenizer, meta } = await loadCheckpoint(input.checkpointDir);
  const steps = dpoTotalSteps(config, input.train.length);
  const trainer = new DpoTrainer(model, tokenizer, config, { totalSteps: steps });
  const t0 = performance.now();
  try {
    // batches of similar length waste less compute on padding
    const batches = batchStream(input.train, config.batchSize, config.seed, (p) => renderPrompt(p.prompt).length + Math.max(p.chosen.length, p.rejected.length));
    const history: DpoMetrics[] = [];
    let evalMetrics: DpoMetrics = {};
    for (let s = 1; s <= steps; s++) {
      const m = trainer.step(batches.next().value as DpoPair[]);
      history.push(m);
      if (s === steps) evalMetrics = trainer.evaluate(input.eval);
      onStep?.({ ...m, ...evalMetrics }, steps);
      await new Promise((r) => setImmediate(r)); // let progress messages through
    }
    const final = meanRecord(history.slice(-10));
    await saveCheckpoint(input.outDir, model, {
      ...meta,
      ...input.meta,
      tokenizer: tokenizer.name,
      parent: input.checkpointDir,
      rl: { algorithm: 'dpo', config, steps, final, eval: evalMetrics },
    });
    const seconds = (performance.now() - t0) / 1000;
    return { outDir: input.outDir, steps, seconds, final, eval: evalMetrics, pairs: { train: input.train.length, eval: input.eval.length }, meta: input.meta ?? {} };
  } finally {
    trainer.dispose();
    model.dispose();
  }
}
