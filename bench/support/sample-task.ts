// Worker thread of bench:rm-curve: K samples per prompt from a policy checkpoint (the queue's sampler), so that
// two workers sample on both cores.
import { defineWorkerTask } from '../../server/jobs/worker-task';
import { initBackend } from '../../server/ml/backend';
import { type PromptInput, type ResponseSample, type SamplingParams, sampleResponses } from '../../server/ml/generation/sample-responses';
import { loadCheckpoint } from '../../server/ml/model/checkpoint';

export interface SampleInput {
  dir: string;
  prompts: PromptInput[];
  samplesPerPrompt: number;
  params: SamplingParams;
}

defineWorkerTask<SampleInput, ResponseSample[]>(async (input) => {
  await initBackend();
  const { model, tokenizer } = await loadCheckpoint(input.dir);
  try {
    return sampleResponses(model, tokenizer, input.prompts, { samplesPerPrompt: input.samplesPerPrompt, params: input.params });
  } finally {
    model.dispose();
  }
});
