// N sampled responses per prompt from a policy, batched: what fills the labeling queue with pairs.
import { renderPrompt } from '../model/chat-template';
import type { GPT } from '../model/gpt';
import { generate } from '../model/sampling';
import type { Tokenizer } from '../model/tokenizer';

export interface SamplingParams {
  temperature: number; // [0.8] softmax(logits / T); pairs want some diversity, the starter gets noisy above 1
  topP?: number; // nucleus filter, off by default
  maxNewTokens: number; // [128]
  seed: number; // [0] same seed, model and prompts ⇒ same samples
}

export interface PromptInput {
  id: number;
  text: string; // one user message; rendered with the chat template
}

export interface ResponseSample {
  promptId: number;
  text: string;
  tokenCount: number;
  logprobSum: number; // Σ log π(token) under logits / T
  finished: boolean; // ended with EOS (false: cut at maxNewTokens)
  samplingParams: SamplingParams;
}

export const SAMPLING_DEFAULTS: SamplingParams = { temperature: 0.8, maxNewTokens: 128, seed: 0 };

/**
 * `samplesPerPrompt` samples for every prompt, in batches of about `batchSize` rows (a prompt's samples stay
 * in one batch). Batch i uses seed `params.seed + i`, so results depend only on the inputs.
 */
export function sampleResponses(
  model: GPT,
  tok: Tokenizer,
  prompts: PromptInput[],
  opts: { samplesPerPrompt?: number; params?: Partial<SamplingParams>; batchSize?: number; onBatch?: (done: number) => void } = {},
): ResponseSample[] {
  const n = opts.samplesPerPrompt ?? 2;
  const params: SamplingParams = { ...SAMPLING_DEFAULTS, ...opts.params };
  const perBatch = Math.max(1, Math.floor((opts.batchSize ?? 32) / n)); // prompts per batch
  const out: ResponseSample[] = [];
  for (let start = 0, batch = 0; start < prompts.length; start += perBatch, batch++) {
    const chunk = prompts.slice(start, start + perBatch);
    const rendered = chunk.flatMap((p) => Array<string>(n).fill(renderPrompt(p.text)));
    const samples = generate(model, tok, rendered, { ...params, seed: params.seed + batch });
    for (const [i, s] of samples.entries()) {
      out.push({
        promptId: chunk[Math.floor(i / n)].id,
        text: s.text,
        tokenCount: s.tokens.length,
        logprobSum: s.logprobs.reduce((a, b) => a + b, 0),
        finished: s.finished,
        samplingParams: params,
      });
    }
    opts.onBatch?.(start + chunk.length);
  }
  return out;
}
