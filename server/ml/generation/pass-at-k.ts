// pass@1 (greedy) and pass@k (k samples at temperature T) per task family: does a policy get tasks fully right,
// and how often is at least one of k tries right — the headroom RL and preference learning can use.
import type { GPT } from '../model/gpt';
import type { Tokenizer } from '../model/tokenizer';
import { verify } from '../tasks/index';
import type { TaskInstance } from '../tasks/types';
import { sampleResponses } from './sample-responses';

export interface SampledTasks {
  texts: string[][]; // [task][sample]
  scores: number[][]; // verifier score of each sample, in [0, 1]
}

/** `n` samples per task (greedy when temperature is 0), each scored by the task's verifier. */
export function sampleAndVerify(
  model: GPT,
  tok: Tokenizer,
  tasks: TaskInstance[],
  opts: { n: number; temperature: number; maxNewTokens?: number; seed?: number; batchSize?: number },
): SampledTasks {
  const samples = sampleResponses(
    model,
    tok,
    tasks.map((t, id) => ({ id, text: t.prompt })),
    {
      samplesPerPrompt: opts.n,
      params: { temperature: opts.temperature, maxNewTokens: opts.maxNewTokens ?? 96, seed: opts.seed ?? 0 },
      batchSize: opts.batchSize ?? 32,
    },
  );
  const texts: string[][] = tasks.map(() => []);
  for (const s of samples) texts[s.promptId].push(s.text);
  return { texts, scores: texts.map((ts, i) => ts.map((t) => verify(tasks[i].verifier, t))) };
}

export interface FamilyPass {
  tasks: number;
  pass1: number; // share of tasks whose greedy answer scores 1
  passK: number; // share of tasks with at least one of k samples scoring 1
  mean1: number; // mean greedy score
}

const passed = (score: number) => score >= 1 - 1e-9;

export function passAtK(tasks: TaskInstance[], greedy: SampledTasks, sampled: SampledTasks): { byFamily: Record<string, FamilyPass>; all: FamilyPass } {
  const acc: Record<string, { n: number; p1: number; pk: number; m1: number }> = {};
  const all = { n: 0, p1: 0, pk: 0, m1: 0 };
  tasks.forEach((t, i) => {
    acc[t.family] ??= { n: 0, p1: 0, pk: 0, m1: 0 };
    const a = acc[t.family];
    const p1 = passed(greedy.scores[i][0]) ? 1 : 0;
    const pk = sampled.scores[i].some(passed) ? 1 : 0;
    for (const x of [a, all]) {
      x.n++;
      x.p1 += p1;
      x.pk += pk;
      x.m1 += greedy.scores[i][0];
    }
  });
  const summary = (x: typeof all): FamilyPass => ({ tasks: x.n, pass1: x.p1 / x.n, passK: x.pk / x.n, mean1: x.m1 / x.n });
  return { byFamily: Object.fromEntries(Object.entries(acc).map(([f, x]) => [f, summary(x)])), all: summary(all) };
}
