// K samples per prompt from an OpenAI-compatible endpoint, a few requests in flight: the work of a generate job's
// worker (generate-task.ts), and of an external-trainer job's once its trainer has exited (external-trainer-task.ts).
// Outbound HTTP only: the main thread stores what comes back (generate.ts storePairs).
import { createOpenAIClient, type OpenAIClient, type SamplingOptions } from '../../llm/openai-client';
import type { JobTaskContext } from '../job-task';

export interface EndpointSpec {
  baseUrl: string;
  model: string;
  apiKey?: string;
  api: 'chat' | 'completions';
  timeoutMs: number;
}

export interface GenerateTaskInput {
  endpoint: EndpointSpec;
  prompts: { id: number; text: string }[];
  samplesPerPrompt: number;
  sampling: Omit<SamplingOptions, 'n'>;
  concurrency: number;
}

export interface PromptSamples {
  promptId: number;
  texts: string[];
}

export interface GenerateTaskOutput {
  samples: PromptSamples[]; // in prompt order
  requests: number;
  completionTokens: number; // as the endpoint reported them
}

/**
 * K samples of one prompt: one request asking for n = K, then more for what is missing (servers such as Ollama
 * answer one choice whatever n says), at most K requests.
 */
async function samplesOf(client: OpenAIClient, input: GenerateTaskInput, text: string, tally: { requests: number; tokens: number }): Promise<string[]> {
  const texts: string[] = [];
  for (let attempt = 0; attempt < input.samplesPerPrompt && texts.length < input.samplesPerPrompt; attempt++) {
    const opts = { ...input.sampling, n: input.samplesPerPrompt - texts.length };
    const result = input.endpoint.api === 'chat' ? await client.chat([{ role: 'user', content: text }], opts) : await client.complete(text, opts);
    tally.requests++;
    tally.tokens += result.usage?.completionTokens ?? 0;
    texts.push(...result.choices.map((c) => c.text).slice(0, input.samplesPerPrompt - texts.length));
  }
  return texts;
}

export async function sampleEndpoint(input: GenerateTaskInput, job: JobTaskContext): Promise<GenerateTaskOutput> {
  const client = createOpenAIClient(input.endpoint);
  const total = input.prompts.length;
  const samples: PromptSamples[] = new Array(total);
  const tally = { requests: 0, tokens: 0 };
  let next = 0;
  let done = 0;
  const lane = async () => {
    for (let i = next++; i < total; i = next++) {
      samples[i] = { promptId: input.prompts[i].id, texts: await samplesOf(client, input, input.prompts[i].text, tally) };
      done++;
      job.progress(done / total, `${done}/${total} prompts sampled`);
      job.metrics({ step: done, 'generate/requests': tally.requests, 'generate/completion_tokens': tally.tokens });
    }
  };
  // the first failure fails the job (nothing is stored); the other lanes' requests die with the worker
  await Promise.all(Array.from({ length: Math.min(input.concurrency, total) }, lane));
  return { samples, requests: tally.requests, completionTokens: tally.tokens };
}
