// Rollouts: samples of the current policy for RL, at temperature T without top-k/top-p (so the sampled
// distribution is the one the log-probs are computed from), generated in chunks of `batchSize` rows (the wasm
// sampler's heap grows ~18 MB per row of a batch and never shrinks). Token ids are kept; EOS is `finished`.
import { type Message, renderPrompt } from '../model/chat-template';
import type { GPT } from '../model/gpt';
import { generate, type Sample } from '../model/sampling';
import type { Tokenizer } from '../model/tokenizer';
import type { Sequence } from './logprobs';

export interface RolloutOptions {
  temperature: number;
  maxNewTokens: number;
  batchSize: number; // rows per generate() call
  seed: number; // chunk c uses seed + c·batchSize
}

export function sampleRollouts(
  policy: GPT,
  tok: Tokenizer,
  prompts: readonly (string | Message[])[],
  opts: RolloutOptions,
  onChunk?: (rowsDone: number, rowsTotal: number) => void,
): Sample[] {
  const rendered = prompts.map(renderPrompt);
  const samples: Sample[] = [];
  for (let start = 0; start < rendered.length; start += opts.batchSize) {
    const chunk = rendered.slice(start, start + opts.batchSize);
    samples.push(...generate(policy, tok, chunk, { maxNewTokens: opts.maxNewTokens, temperature: opts.temperature, seed: opts.seed + start }));
    onChunk?.(samples.length, rendered.length);
  }
  return samples;
}

export const toSequence = (s: Sample): Sequence => ({ prompt: s.promptTokens, response: s.tokens, finished: s.finished });

/** A rollout sampled elsewhere (a rollout worker): its samples, how long sampling took, and how long the trainer waited. */
export interface GivenRollout {
  samples: Sample[];
  seconds: number;
  waitS: number;
}
