// Worker thread: SFT of a checkpoint on (prompt, response) examples, writing a new checkpoint.
import { defineWorkerTask } from '../../jobs/worker-task';
import { initBackend } from '../backend';
import { loadCheckpoint, saveCheckpoint } from '../model/checkpoint';
import type { SftConfig } from './config';
import { type SftExample, type TrainResult, trainSft } from './sft';
import type { StepMetrics } from './trainer';

export interface SftTaskInput {
  checkpointDir: string; // the policy to fine-tune
  outDir: string; // where the fine-tuned checkpoint goes (LoRA adapters are merged first)
  train: SftExample[];
  eval?: SftExample[];
  config?: Partial<SftConfig>;
}

export type SftTaskResult = Omit<TrainResult, 'metrics'> & { outDir: string };

defineWorkerTask<SftTaskInput, SftTaskResult>(async (input, { progress }) => {
  await initBackend();
  const { model, tokenizer, meta } = await loadCheckpoint(input.checkpointDir);
  try {
    const { metrics: _, ...result } = await trainSft({
      model,
      tokenizer,
      train: input.train,
      eval: input.eval,
      config: input.config,
      onStep: (m: StepMetrics) => progress(m),
    });
    if (model.loraConfig()) model.mergeLora();
    await saveCheckpoint(input.outDir, model, {
      ...meta,
      tokenizer: tokenizer.name,
      parent: input.checkpointDir,
      sft: { config: input.config ?? {}, steps: result.steps, trainLoss: result.trainLoss, evalLoss: result.evalLoss },
    });
    return { ...result, outDir: input.outDir };
  } finally {
    model.dispose();
  }
});
