// The run loop every on-policy trainer with a `step(prompts)` shares (PPO, TRPO): prompts drawn in a seeded
// shuffled cycle, until `steps` or a deadline; one metrics record per step; the means of the last 10 at the end.
// With `overlap`, each step's rollout is sampled by a rollout worker during the previous step's training.

import type { GPT } from '../model/gpt';
import type { Tokenizer } from '../model/tokenizer';
import { createRng } from '../random';
import type { RlPrompt } from './reward-fn';
import type { GivenRollout } from './rollout';
import { type RolloutConfig, rolloutOptionsFor } from './rollout-config';
import { overlappedSteps } from './rollout-worker';

export interface StepTrainer {
  /** `given`: the step's rollout, sampled by a rollout worker during the previous step (else the trainer samples) */
  step(prompts: readonly RlPrompt[], given?: GivenRollout): { metrics: Record<string, number> };
}

export interface PolicyRunOptions {
  prompts: readonly RlPrompt[];
  promptsPerStep: number;
  steps?: number; // [until the deadline; 100 without one]
  deadline?: number; // Date.now() after which no new step starts
  seed?: number;
  signal?: AbortSignal;
  onStep?: (metrics: Record<string, number>) => void;
  /** rollouts on a second worker thread, overlapped with training (RolloutConfig.overlap) */
  overlap?: { policy: GPT; tokenizer: Tokenizer; config: RolloutConfig };
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
  const canStart = (s: number) => s < steps && (o.deadline === undefined || Date.now() <= o.deadline);
  const record = async ({ metrics }: { metrics: Record<string, number> }) => {
    history.push(metrics);
    o.onStep?.(metrics);
    await new Promise((r) => setImmediate(r)); // let progress messages and aborts through
  };
  if (o.overlap) {
    const { policy, tokenizer, config } = o.overlap;
    await overlappedSteps({
      policy,
      tokenizer,
      canStart,
      pick: () => pick(o.promptsPerStep),
      rollout: (prompts, step) => ({ prompts: prompts.map((p) => p.prompt), options: rolloutOptionsFor(config, step) }),
      learn: (prompts, rollout) => trainer.step(prompts, rollout),
      record,
      signal: o.signal,
    });
  } else {
    for (let s = 0; canStart(s); s++) {
      if (o.signal?.aborted) throw Object.assign(new Error('training aborted'), { name: 'AbortError' });
      await record(trainer.step(pick(o.promptsPerStep)));
    }
  }
  const last = history.slice(-10);
  const final = Object.fromEntries(Object.keys(last[0] ?? {}).map((k) => [k, last.reduce((a, m) => a + (m[k] ?? 0), 0) / last.length]));
  return { steps: history.length, samples: history.length * o.promptsPerStep, seconds: (performance.now() - t0) / 1000, final };
}
