// Oracle evaluation of a policy on task-world problems: sample (greedy by default) and verify.
import { renderPrompt } from '../model/chat-template';
import type { GPT } from '../model/gpt';
import { generate } from '../model/sampling';
import type { Tokenizer } from '../model/tokenizer';
import { verify } from '../tasks/index';
import type { TaskInstance } from '../tasks/types';

export interface TaskEvaluation {
  mean: number; // mean verifier score over all tasks
  byFamily: Record<string, number>; // mean score per family
  counts: Record<string, number>;
  examples: { family: string; prompt: string; response: string; score: number }[]; // first of each family
}

export function evaluateOnTasks(
  model: GPT,
  tok: Tokenizer,
  tasks: TaskInstance[],
  opts: { temperature?: number; maxNewTokens?: number; batchSize?: number; seed?: number; onBatch?: (done: number) => void } = {},
): TaskEvaluation {
  const batchSize = opts.batchSize ?? 32;
  const sums: Record<string, number> = {};
  const counts: Record<string, number> = {};
  const examples: TaskEvaluation['examples'] = [];
  let total = 0;
  for (let start = 0; start < tasks.length; start += batchSize) {
    const chunk = tasks.slice(start, start + batchSize);
    const samples = generate(
      model,
      tok,
      chunk.map((t) => renderPrompt(t.prompt)),
      { maxNewTokens: opts.maxNewTokens ?? 96, temperature: opts.temperature ?? 0, seed: (opts.seed ?? 0) + start },
    );
    chunk.forEach((task, i) => {
      const score = verify(task.verifier, samples[i].text);
      sums[task.family] = (sums[task.family] ?? 0) + score;
      counts[task.family] = (counts[task.family] ?? 0) + 1;
      total += score;
      if (counts[task.family] === 1) examples.push({ family: task.family, prompt: task.prompt, response: samples[i].text, score });
    });
    opts.onBatch?.(start + chunk.length);
  }
  const byFamily = Object.fromEntries(Object.entries(sums).map(([f, s]) => [f, s / counts[f]]));
  return { mean: tasks.length ? total / tasks.length : 0, byFamily, counts, examples };
}
