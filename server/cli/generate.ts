/**
 * `prefloop generate --endpoint URL --model NAME`: fill the labeling queue from any OpenAI-compatible server (vLLM,
 * Ollama, …) as a `generate` job of a running server, followed with a progress bar (server/jobs/kinds/generate.ts).
 */
import { parseArgs } from 'node:util';
import { prettifyError, z } from 'zod';
import { followJob, jobsClient } from '../jobs/remote';
import { redactUrl } from '../llm/openai-client';

export const GENERATE_USAGE = `Usage: prefloop generate --endpoint URL --model NAME [options]

  --endpoint URL     the OpenAI-compatible server, e.g. http://127.0.0.1:8000/v1 (vLLM), http://127.0.0.1:11434/v1 (Ollama)
  --model NAME       the model it serves; the responses are stored under this name
  --api-key KEY      its key [env PREFLOOP_ENDPOINT_KEY]; shown as *** in the job
  --api chat|completions   chat (the server applies its chat template) [chat]
  --prompts N        train prompts, fewest comparisons first [32]
  --samples K        samples per prompt; the two most different become a pair [4]
  --temperature T    [1.0]   --max-tokens N [256]   --concurrency N  requests in flight [4]
  --no-follow        queue and return at once
  --url URL          the prefloop server [env PREFLOOP_URL, http://127.0.0.1:3000]
  --token T          an admin bearer token [env PREFLOOP_TOKEN]

Prints the job id, a progress bar while it runs, then its result; exits non-zero unless it succeeded.`;

const ArgsSchema = z.object({
  url: z.url({ protocol: /^https?$/ }).default('http://127.0.0.1:3000'),
  token: z.string().min(1, 'an admin bearer token is needed: --token T or PREFLOOP_TOKEN'),
  endpoint: z.url({ protocol: /^https?$/, error: '--endpoint URL is needed (http or https)' }),
  model: z.string({ error: '--model NAME is needed' }).min(1),
  apiKey: z.string().min(1).optional(),
  api: z.enum(['chat', 'completions']).optional(),
  prompts: z.coerce.number().int().positive().optional(),
  samplesPerPrompt: z.coerce.number().int().min(2).optional(),
  temperature: z.coerce.number().min(0).optional(),
  maxTokens: z.coerce.number().int().positive().optional(),
  concurrency: z.coerce.number().int().positive().optional(),
});

export async function generateCommand(argv: string[]): Promise<void> {
  const option = { type: 'string' } as const;
  const { values } = parseArgs({
    args: argv,
    options: {
      endpoint: option,
      model: option,
      'api-key': option,
      api: option,
      prompts: option,
      samples: option,
      temperature: option,
      'max-tokens': option,
      concurrency: option,
      'no-follow': { type: 'boolean' },
      url: option,
      token: option,
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return console.log(GENERATE_USAGE);
  const parsed = ArgsSchema.safeParse({
    url: values.url ?? (process.env.PREFLOOP_URL || undefined),
    token: values.token ?? process.env.PREFLOOP_TOKEN ?? '',
    endpoint: values.endpoint,
    model: values.model,
    apiKey: values['api-key'] ?? (process.env.PREFLOOP_ENDPOINT_KEY || undefined),
    api: values.api,
    prompts: values.prompts,
    samplesPerPrompt: values.samples,
    temperature: values.temperature,
    maxTokens: values['max-tokens'],
    concurrency: values.concurrency,
  });
  if (!parsed.success) throw new Error(`Invalid arguments:\n${prettifyError(parsed.error)}\n\n${GENERATE_USAGE}`);
  const { url, token, endpoint, model, apiKey, api, ...rest } = parsed.data;
  const config = { endpoint: { baseUrl: endpoint, model, ...(apiKey ? { apiKey } : {}), ...(api ? { api } : {}) }, ...rest };
  for (const k of Object.keys(config) as (keyof typeof config)[]) if (config[k] === undefined) delete config[k];

  const client = jobsClient({ url, token });
  const job = await client.create('generate', config);
  console.log(`Job ${job.id} (generate) queued: ${model} at ${redactUrl(endpoint)}.`);
  if (values['no-follow']) return;
  const done = await followJob(client, job.id);
  console.log(`Job ${done.id} (generate): ${done.status}${done.error ? ` — ${done.error}` : ''}`);
  if (done.result !== null) console.log(`result ${JSON.stringify(done.result)}`);
  if (done.status !== 'succeeded') process.exitCode = 1;
}
