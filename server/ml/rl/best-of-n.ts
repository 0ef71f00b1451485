// Best-of-n sampling with a reward (DESIGN.md §4: "best-of-n sampling with the reward model"): n samples per
// prompt at temperature T (no top-k/top-p), each scored, the highest kept. Rejection-sampling fine-tuning
// (best-of-n-run.ts) trains the policy on the kept answers.
import type { Message } from '../model/chat-template';
import type { GPT } from '../model/gpt';
import type { Sample } from '../model/sampling';
import type { Tokenizer } from '../model/tokenizer';
import { mean } from './math';
import type { RewardFn, RlPrompt } from './reward-fn';
import { sampleRollouts } from './rollout';

export interface BestOfNOptions {
  n: number; // samples per prompt [4]
  temperature: number; // softmax(logits / T) [1.0]
  maxNewTokens: number; // response length cap [96]
  batchSize: number; // rows per generate() call: the wasm sampler's heap grows ~18 MB per row (starter) [32]
  seed: number; // rows [start, start + batchSize) are drawn with seed·1e6 + start [0]
}

export const BEST_OF_N_DEFAULTS: BestOfNOptions = { n: 4, temperature: 1.0, maxNewTokens: 96, batchSize: 32, seed: 0 };

export interface BestOfN {
  prompt: RlPrompt;
  best: Sample; // the highest-scoring of the n (its text, token ids, and whether it hit EOS)
  bestScore: number;
  meanScore: number; // mean of the n scores
  scores: number[]; // all n, in sampling order
}

/** Per contiguous group of n scores: the index (0..n-1) of its maximum, the first one on ties. */
export function pickBest(scores: readonly number[], n: number): number[] {
  if (!(Number.isInteger(n) && n > 0) || scores.length % n !== 0) throw new Error(`pickBest: ${scores.length} scores are not groups of ${n}`);
  const picks: number[] = [];
  for (let start = 0; start < scores.length; start += n) {
    let best = 0;
    for (let j = 1; j < n; j++) if (scores[start + j] > scores[start + best]) best = j;
    picks.push(best);
  }
  return picks;
}

/** n samples per prompt, scored by `reward`; per prompt the best, its score, and the group's mean and scores. */
export function bestOfN(
  policy: GPT,
  tok: Tokenizer,
  prompts: readonly RlPrompt[],
  reward: RewardFn,
  options: Partial<BestOfNOptions> = {},
  onChunk?: (rowsDone: number, rowsTotal: number) => void,
): BestOfN[] {
  const o = { ...BEST_OF_N_DEFAULTS, ...options };
  if (!(Number.isInteger(o.n) && o.n > 0)) throw new Error(`n must be a positive integer, got ${o.n}`);
  // 1. sample: n rows per prompt (contiguous groups), in chunks of batchSize rows
  const rows = prompts.flatMap((p) => Array<string | Message[]>(o.n).fill(p.prompt));
  const rollout = { maxNewTokens: o.maxNewTokens, temperature: o.temperature, batchSize: o.batchSize, seed: o.seed * 1_000_000 };
  const samples = sampleRollouts(policy, tok, rows, rollout, onChunk);
  // 2. score every sample against its own prompt
  const scores = reward(
    samples.map((_, i) => prompts[Math.floor(i / o.n)]),
    samples.map((s) => s.text),
  );
  // 3. pick the best of each group
  return pickBest(scores, o.n).map((j, p) => {
    const group = scores.slice(p * o.n, (p + 1) * o.n);
    return { prompt: prompts[p], best: samples[p * o.n + j], bestScore: group[j], meanScore: mean(group), scores: group };
  });
}
