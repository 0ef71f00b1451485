// Worker thread of a generate job: K samples per prompt from an OpenAI-compatible endpoint (endpoint-samples.ts).
import { defineJobTask } from '../job-task';
import { type GenerateTaskInput, type GenerateTaskOutput, sampleEndpoint } from './endpoint-samples';

export type { EndpointSpec, GenerateTaskInput, GenerateTaskOutput, PromptSamples } from './endpoint-samples';

defineJobTask<GenerateTaskInput, GenerateTaskOutput>(sampleEndpoint);
