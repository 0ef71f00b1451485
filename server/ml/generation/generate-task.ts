// Worker thread: load a policy checkpoint and sample responses (see generatePairsForPrompts).
import { defineWorkerTask } from '../../jobs/worker-task';
import { initBackend } from '../backend';
import { loadCheckpoint } from '../model/checkpoint';
import { type PromptInput, type ResponseSample, type SamplingParams, sampleResponses } from './sample-responses';

export interface GenerateTaskInput {
  checkpointDir: string;
  prompts: PromptInput[];
  samplesPerPrompt: number;
  params: Partial<SamplingParams>;
}

export interface GenerateProgress {
  done: number; // prompts finished
  total: number;
}

defineWorkerTask<GenerateTaskInput, ResponseSample[]>(async (input, { progress }) => {
  await initBackend();
  const { model, tokenizer } = await loadCheckpoint(input.checkpointDir);
  try {
    const total = input.prompts.length;
    return sampleResponses(model, tokenizer, input.prompts, {
      samplesPerPrompt: input.samplesPerPrompt,
      params: input.params,
      onBatch: (done) => progress({ done, total } satisfies GenerateProgress),
    });
  } finally {
    model.dispose();
  }
});
