// Judging a policy on held-out task-world prompts with the verifier (the oracle the loop never sees): greedy
// answers, and samples at the temperature annotators see. Shared by bench:rlvr, bench:loop and bench:oracle.
import { renderPrompt } from '../../server/ml/model/chat-template';
import type { GPT } from '../../server/ml/model/gpt';
import { generate } from '../../server/ml/model/sampling';
import type { Tokenizer } from '../../server/ml/model/tokenizer';
import { verify } from '../../server/ml/tasks/index';
import type { TaskInstance } from '../../server/ml/tasks/types';

export const EVAL_MAX_NEW_TOKENS = 96;

/** The verifier's score of the greedy answer to each task. */
export function greedyScores(model: GPT, tok: Tokenizer, tasks: TaskInstance[], maxNewTokens = EVAL_MAX_NEW_TOKENS, batchSize = 48): number[] {
  const scores: number[] = [];
  for (let i = 0; i < tasks.length; i += batchSize) {
    const chunk = tasks.slice(i, i + batchSize);
    const samples = generate(model, tok, chunk.map((t) => renderPrompt(t.prompt)), { maxNewTokens, temperature: 0 });
    scores.push(...chunk.map((t, j) => verify(t.verifier, samples[j].text)));
  }
  return scores;
}

export interface SampledOptions {
  samples: number; // per task [4]
  temperature: number; // [1]
  seed: number; // one seed per batch, derived from this: two policies judged with the same seed draw the same uniforms
  maxNewTokens?: number;
  batchSize?: number; // rows per generate() call [48]
}

/**
 * The verifier's scores of `samples` answers per task at `temperature` (no top-k/top-p), task by task: [task][sample].
 * Identical policies given the same seed give identical samples, so a policy judged against itself wins exactly ½.
 */
export function sampledScores(model: GPT, tok: Tokenizer, tasks: TaskInstance[], opts: SampledOptions): number[][] {
  const { samples: n, temperature, seed } = opts;
  const rows = tasks.flatMap((t) => Array<TaskInstance>(n).fill(t));
  const batchSize = opts.batchSize ?? 48;
  const flat: number[] = [];
  for (let i = 0; i < rows.length; i += batchSize) {
    const chunk = rows.slice(i, i + batchSize);
    const out = generate(model, tok, chunk.map((t) => renderPrompt(t.prompt)), {
      maxNewTokens: opts.maxNewTokens ?? EVAL_MAX_NEW_TOKENS,
      temperature,
      seed: seed * 1_000_003 + i,
    });
    flat.push(...chunk.map((t, j) => verify(t.verifier, out[j].text)));
  }
  return tasks.map((_, i) => flat.slice(i * n, i * n + n));
}

export interface Verdict {
  wins: number;
  ties: number;
  losses: number;
  winRate: number; // (wins + ties / 2) / games
}

/** Head-to-head by score, game i = a[i] vs b[i]; ties count ½. */
export function headToHead(a: readonly number[], b: readonly number[]): Verdict {
  if (a.length !== b.length) throw new Error(`headToHead: ${a.length} vs ${b.length} scores`);
  const wins = a.filter((s, i) => s > b[i]).length;
  const losses = a.filter((s, i) => s < b[i]).length;
  const ties = a.length - wins - losses;
  return { wins, ties, losses, winRate: a.length > 0 ? (wins + ties / 2) / a.length : 0.5 };
}

/** "win rate 51.0 % (106/849/85)", with " of n" after the losses when `games` is given. */
export function verdictText(v: Verdict, games?: number): string {
  return `win rate ${(100 * v.winRate).toFixed(1)} % (${v.wins}/${v.ties}/${v.losses}${games === undefined ? '' : ` of ${games}`})`;
}

/**
 * The best win rate any policy can reach against a starter with these scores (ties ½): a policy that scores 1 on
 * every task wins where the starter scored below 1 and ties where it scored 1. With `samples` ([task][sample]),
 * also the ceiling of a policy that only sharpens the starter: its greedy answer becomes the best of the starter's
 * greedy answer and its samples, task by task (as if RL turned every pass@k success into pass@1).
 */
export function winRateCeilings(starter: readonly number[], samples?: readonly (readonly number[])[]): { perfect: number; sharpened: number | null } {
  const perfect = headToHead(starter.map(() => 1), starter).winRate;
  const sharpened = samples ? headToHead(starter.map((s, i) => Math.max(s, ...(samples[i] ?? []))), starter).winRate : null;
  return { perfect, sharpened };
}

/** "ceiling vs starter: a policy right on every task would win 66.9 % (one that only turns … into its greedy answer: 57.9 %)" */
export function ceilingText(c: { perfect: number; sharpened: number | null }, samples?: number): string {
  const sharpened = c.sharpened === null ? '' : ` (one that only turns the starter's best of greedy + ${samples ?? 'k'} samples into its greedy answer: ${(100 * c.sharpened).toFixed(1)} %)`;
  return `ceiling vs starter: a policy right on every task would win ${(100 * c.perfect).toFixed(1)} %${sharpened}`;
}
