// The starter prompt set for the labeling queue: task-world prompts (train split) with their verifiers,
// so every pair can also be scored by the oracle (simulated annotators, RLVR reward, benchmarks).
import { generateTasks } from '../tasks/index';
import type { VerifierSpec } from '../tasks/types';

export interface StarterPrompt {
  taskId: string;
  text: string;
  family: string;
  verifier: VerifierSpec;
}

/** `count` prompts, balanced over the families, reproducible from `seed`. */
export function generateStarterPrompts(opts: { seed: number; count: number; families?: string[] }): StarterPrompt[] {
  return generateTasks({ seed: opts.seed, count: opts.count, split: 'train', families: opts.families }).map((t) => ({
    taskId: t.id,
    text: t.prompt,
    family: t.family,
    verifier: t.verifier,
  }));
}
