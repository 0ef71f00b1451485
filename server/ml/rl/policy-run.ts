// The run loop every on-policy trainer with a `step(prompts)` shares (PPO, TRPO): prompts drawn in a seeded
// shuffled cycle, until `steps` or a deadline; one metrics record per step; the means of the last 10 at the end.
import { createRng } from '../random';
import type { RlPrompt } from './reward-fn';

export interface StepTrainer {
  step(prompts: readonly RlPrompt[]): { metrics: Record<string, number> };
}

export interface PolicyRunOptions {
  prompts: readonly RlPrompt[];
  promptsPerStep: number;
  steps?: number; // [until the deadline; 100 without one]
  deadline?: number; // Date.now() after which no new step starts
  seed?: number;
  signal?: AbortSignal;
  onStep?: (metrics: Record<string, number>) => void;
}

export interface PolicyRunResult {
  steps: number;
  samples: number;
  seconds: number;
  final: Record<string, number>; // means of the last 10 steps' records
}

/** An endless seeded cycle over the prompts, reshuffled each pass. */
export function promptCycle(prompts: readonly RlPrompt[], seed: number): (n: number) => RlPrompt[] {
  if (prompts.length === 0) throw new Error('no training prompts');
  const rng = createRng(seed);
  let order = rng.shuffle(prompts);
  let next = 0;
  return (n) =>
    Array.from({ length: n }, () => {
      if (next === order.length) [order, next] = [rng.shuffle(prompts), 0];
      return order[next++];
    });
}

export async function runPolicySteps(trainer: StepTrainer, o: PolicyRunOptions): Promise<PolicyRunResult> {
  const steps = o.steps ?? (o.deadline === undefined ? 100 : Number.POSITIVE_INFINITY);
  const pick = promptCycle(o.prompts, o.seed ?? 0);
  const history: Record<string, number>[] = [];
  const t0 = performance.now();
  for (let s = 0; s < steps; s++) {
    if (o.signal?.aborted) throw Object.assign(new Error('training aborted'), { name: 'AbortError' });
    if (o.deadline !== undefined && Date.now() > o.deadline) break;
    const { metrics } = trainer.step(pick(o.promptsPerStep));
    history.push(metrics);
    o.onStep?.(metrics);
    await new Promise((r) => setImmediate(r)); // let progress messages and aborts through
  }
  const last = history.slice(-10);
  const final = Object.fromEntries(Object.keys(last[0] ?? {}).map((k) => [k, last.reduce((a, m) => a + (m[k] ?? 0), 0) / last.length]));
  return { steps: history.length, samples: history.length * o.promptsPerStep, seconds: (performance.now() - t0) / 1000, final };
}
