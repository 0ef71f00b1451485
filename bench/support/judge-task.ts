// Worker thread of bench:loop: the oracle's verdict on a policy checkpoint (held-out greedy verifier scores, win
// rate and KL against the starter; the same for samples at T=1 if asked). A worker, so the server that bench:loop
// hosts keeps answering meanwhile.
import { defineWorkerTask } from '../../server/jobs/worker-task';
import { initBackend } from '../../server/ml/backend';
import { renderPrompt } from '../../server/ml/model/chat-template';
import { loadCheckpoint } from '../../server/ml/model/checkpoint';
import type { GPT } from '../../server/ml/model/gpt';
import { generate } from '../../server/ml/model/sampling';
import type { Tokenizer } from '../../server/ml/model/tokenizer';
import { responseLogProbs } from '../../server/ml/rl/logprobs';
import { mean } from '../../server/ml/rl/math';
import type { TaskInstance } from '../../server/ml/tasks/types';
import { greedyScores, headToHead, sampledScores, type Verdict } from './heldout-eval';

export interface JudgeInput {
  dir: string; // the policy to judge
  starterDir: string;
  heldout: TaskInstance[];
  maxNewTokens: number;
  seed: number;
  sampled?: number; // samples per task at T=1 to judge as well (0 = greedy only) [0]
  starterScores?: StarterScores; // the starter's, from an earlier verdict on it: not generated again
  kl?: boolean; // measure the KL to the starter as well [true]
}

/** The starter's scores on the same tasks and seed: greedy per task, and its samples flattened [task·n + j]. */
export interface StarterScores {
  greedy: number[];
  sampled?: number[];
}

export interface Judged {
  scores: number[]; // per held-out task, greedy
  heldoutMean: number;
  winRate: number; // vs the starter's greedy answers, ties ½
  wins: number;
  ties: number;
  losses: number;
  kl: number; // mean Σ_t (log π − log π_starter) over T=0.7 samples of the policy (0 when not asked)
  sampled?: Verdict & { mean: number; starterMean: number; scores: number[] }; // `sampled` per task at T=1, each vs the starter's same-seed sample
}

function klTo(model: GPT, reference: GPT, tok: Tokenizer, tasks: TaskInstance[], maxNewTokens: number, seed: number): number {
  const prompts = tasks.filter((_, i) => i % 2 === 0).map((t) => renderPrompt(t.prompt));
  const samples = generate(model, tok, prompts, { maxNewTokens, temperature: 0.7, seed });
  const seqs = samples.map((s) => ({ prompt: s.promptTokens, response: s.tokens, finished: s.finished }));
  const ids = { padId: tok.padId, eosId: tok.eosId };
  const pi = responseLogProbs(model, seqs, ids, { temperature: 0.7 }).logprobs;
  const ref = responseLogProbs(reference, seqs, ids, { temperature: 0.7 }).logprobs;
  return mean(pi.map((lp, i) => lp.reduce((a, x, t) => a + x - ref[i][t], 0)));
}

export async function judge(input: JudgeInput): Promise<Judged> {
  await initBackend();
  const { model, tokenizer } = await loadCheckpoint(input.dir);
  const { model: starter } = await loadCheckpoint(input.starterDir);
  try {
    const isStarter = input.dir === input.starterDir;
    const scores = greedyScores(model, tokenizer, input.heldout, input.maxNewTokens);
    const given = input.starterScores;
    const base = isStarter ? scores : (given?.greedy ?? greedyScores(starter, tokenizer, input.heldout, input.maxNewTokens));
    const kl = isStarter || input.kl === false ? 0 : klTo(model, starter, tokenizer, input.heldout, input.maxNewTokens, input.seed);
    const n = input.sampled ?? 0;
    let sampled: Judged['sampled'];
    if (n > 0) {
      const opts = { samples: n, temperature: 1, seed: input.seed, maxNewTokens: input.maxNewTokens };
      const mine = sampledScores(model, tokenizer, input.heldout, opts).flat();
      const theirs = isStarter ? mine : (given?.sampled ?? sampledScores(starter, tokenizer, input.heldout, opts).flat());
      sampled = { ...headToHead(mine, theirs), mean: mean(mine), starterMean: mean(theirs), scores: mine };
    }
    return { scores, heldoutMean: mean(scores), ...headToHead(scores, base), kl, sampled };
  } finally {
    model.dispose();
    starter.dispose();
  }
}

defineWorkerTask<JudgeInput, Judged>((input) => judge(input));
