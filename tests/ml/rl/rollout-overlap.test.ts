// Rollouts on a second worker thread, overlapped with training (PgConfig.overlap): the worker samples exactly what
// sampleRollouts samples here from the same weights and seed; an overlapped run trains on samples drawn one
// update earlier, and still raises the reward.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../server/ml/backend';
import { renderPrompt } from '../../../server/ml/model/chat-template';
import { saveCheckpoint } from '../../../server/ml/model/checkpoint';
import { PRESETS } from '../../../server/ml/model/config';
import { GPT } from '../../../server/ml/model/gpt';
import { generate } from '../../../server/ml/model/sampling';
import { charTokenizer } from '../../../server/ml/model/tokenizer';
import type { PgPrompt, Scorer } from '../../../server/ml/rl/pg';
import { trainPgInWorker } from '../../../server/ml/rl/pg-in-worker';
import { runPolicySteps } from '../../../server/ml/rl/policy-run';
import { PpoTrainer } from '../../../server/ml/rl/ppo';
import { ppoConfig } from '../../../server/ml/rl/ppo-config';
import type { RewardFn, RlPrompt } from '../../../server/ml/rl/reward-fn';
import { sampleRollouts } from '../../../server/ml/rl/rollout';
import { overlappedSteps, RolloutWorker, snapshotWeights } from '../../../server/ml/rl/rollout-worker';
import { trainPg } from '../../../server/ml/rl/run';
import { generateTasks } from '../../../server/ml/tasks/index';

const tok = charTokenizer();
const prompts: PgPrompt[] = ['hi', 'go', 'yes', 'no'].map((p) => ({ prompt: p, verifier: { family: 'test' } }));
const startsWithDigit: Scorer = (_, response) => (/^[0-9]/.test(response) ? 1 : 0);

let model: GPT | undefined;
let worker: RolloutWorker | undefined;
beforeAll(async () => {
  await initBackend();
});
afterEach(async () => {
  await worker?.close();
  worker = undefined;
  model?.dispose();
  model = undefined;
});

describe('rollout worker', () => {
  it('samples what sampleRollouts samples on this thread, from the weights each request brings', async () => {
    model = new GPT(PRESETS.nano, { seed: 3 });
    worker = await RolloutWorker.create(model, tok, tf.getBackend());
    const options = { temperature: 1, maxNewTokens: 8, batchSize: 3, seed: 42 };
    const rendered = ['hi', 'go', 'yes', 'no', 'ok'];
    const here = sampleRollouts(model, tok, rendered, options);
    const there = await worker.sample(snapshotWeights(model), rendered, options);
    expect(there.samples.map((s) => s.tokens)).toEqual(here.map((s) => s.tokens));
    expect(there.samples.map((s) => s.finished)).toEqual(here.map((s) => s.finished));

    // other weights (a different init) in the next request: the worker follows them
    const other = new GPT(PRESETS.nano, { seed: 4 });
    try {
      const expected = sampleRollouts(other, tok, rendered, options).map((s) => s.tokens);
      expect(expected).not.toEqual(here.map((s) => s.tokens));
      expect((await worker.sample(snapshotWeights(other), rendered, options)).samples.map((s) => s.tokens)).toEqual(expected);
    } finally {
      other.dispose();
    }
  });
});

describe('overlappedSteps', () => {
  it('samples step s+1 with the weights from before step s’s update (one step off-policy)', async () => {
    model = new GPT(PRESETS.nano, { seed: 5 });
    const policy = model;
    const rendered = ['hi', 'go', 'yes'];
    const options = (step: number) => ({ temperature: 1, maxNewTokens: 6, batchSize: 3, seed: 100 + step });
    const weightsAtLearn: Map<string, Float32Array>[] = []; // the weights when step s starts training
    const checked: boolean[] = [];
    await overlappedSteps({
      policy,
      tokenizer: tok,
      canStart: (step) => step < 4,
      pick: () => rendered,
      rollout: (prompts, step) => ({ prompts, options: options(step) }),
      learn: (_prompts, rollout) => {
        const s = weightsAtLearn.length;
        if (s >= 1) {
          // step s's rollout was requested just before step s−1 trained: with the weights step s−1 started from
          const stale = new GPT(PRESETS.nano, { weights: weightsAtLearn[s - 1] });
          checked.push(JSON.stringify(sampleRollouts(stale, tok, rendered, options(s)).map((x) => x.tokens)) === JSON.stringify(rollout.samples.map((x) => x.tokens)));
          stale.dispose();
        }
        weightsAtLearn.push(new Map([...policy.namedWeights()].map(([name, v]) => [name, (v.dataSync() as Float32Array).slice()])));
        for (const v of policy.namedWeights().values()) v.assign(tf.tidy(() => tf.add(v, tf.randomNormal(v.shape, 0, 0.5, 'float32', s)))); // an "update"
        return s;
      },
      record: async () => {},
    });
    expect(weightsAtLearn).toHaveLength(4);
    expect(checked).toEqual([true, true, true]);
  });
});

describe('overlapped RLOO', () => {
  it('raises the reward like the on-policy run (learns to start its answer with a digit)', async () => {
    model = new GPT(PRESETS.nano, { seed: 10 });
    const policy = model;
    const rate = () => {
      const rendered = prompts.flatMap((p) => Array(32).fill(renderPrompt(p.prompt)));
      const samples = generate(policy, tok, rendered, { maxNewTokens: 1, temperature: 1, seed: 123 });
      return samples.filter((s) => startsWithDigit(prompts[0], s.text)).length / samples.length;
    };
    const before = rate();
    const steps: Record<string, number>[] = [];
    const groups: { prompt: unknown; mixed: boolean; scores: number[] }[][] = [];
    const result = await trainPg({
      policy,
      tokenizer: tok,
      prompts,
      steps: 14,
      score: startsWithDigit,
      config: { overlap: true, promptsPerStep: 4, samplesPerPrompt: 8, maxNewTokens: 2, lr: 1e-2, warmupSteps: 0, klCoef: 0, missingEosPenalty: 0, curriculum: 'uniform' },
      onStep: (m, g) => {
        steps.push(m);
        groups.push(g.map((x) => ({ prompt: x.prompt, mixed: x.mixed, scores: x.responses.map((r) => r.score) })));
      },
    });
    const after = rate();
    expect(result.steps).toBe(14);
    expect(steps.map((m) => m.step)).toEqual(Array.from({ length: 14 }, (_, i) => i + 1));
    expect(steps.every((m) => m['time/rollout_wait_s'] >= 0 && m['time/rollout_s'] > 0)).toBe(true);
    // each step's groups reach onStep: the given prompt objects, k scored responses, mixed = the scores differ
    expect(groups.map((g) => g.length)).toEqual(Array(14).fill(4));
    for (const g of groups.flat()) {
      expect(prompts).toContain(g.prompt);
      expect(g.scores).toHaveLength(8);
      expect(g.mixed).toBe(Math.max(...g.scores) !== Math.min(...g.scores));
    }
    expect(groups.flat().some((g) => g.mixed)).toBe(true);
    expect(before).toBeLessThan(0.3);
    expect(after).toBeGreaterThan(before + 0.3);
  });
});

describe('overlapped PPO', () => {
  it('raises the reward too; ratio = 1 on every first minibatch (old log-probs are the trainer’s own)', async () => {
    model = new GPT(PRESETS.nano, { seed: 10 });
    const policy = model;
    const digit: RewardFn = (_, responses) => responses.map((r) => (/^[0-9]/.test(r) ? 1 : 0));
    const rate = () => {
      const rendered = prompts.flatMap((p) => Array(32).fill(renderPrompt(p.prompt)));
      const samples = generate(policy, tok, rendered, { maxNewTokens: 1, temperature: 1, seed: 123 });
      return samples.filter((s) => /^[0-9]/.test(s.text)).length / samples.length;
    };
    const before = rate();
    const config = ppoConfig({ overlap: true, promptsPerStep: 32, minibatches: 2, epochs: 4, maxNewTokens: 2, temperature: 1, lr: 1e-2, klCoef: 0, missingEosPenalty: 0 });
    const trainer = new PpoTrainer(policy, tok, config, { reward: digit });
    const steps: Record<string, number>[] = [];
    try {
      const rlPrompts: RlPrompt[] = prompts.map((p) => ({ prompt: p.prompt }));
      const result = await runPolicySteps(trainer, {
        prompts: rlPrompts,
        promptsPerStep: 32,
        steps: 9,
        onStep: (m) => steps.push(m),
        overlap: { policy, tokenizer: tok, config },
      });
      expect(result.steps).toBe(9);
    } finally {
      trainer.dispose();
    }
    for (const m of steps) expect(m['policy/first_ratio']).toBeCloseTo(1, 5);
    expect(before).toBeLessThan(0.3);
    expect(rate()).toBeGreaterThan(before + 0.3);
  });
});

describe('overlap inside a job worker', () => {
  it('runs an overlapped RLOO task in a worker thread (the rollout worker nested in it) and writes the checkpoint', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'prefloop-overlap-'));
    try {
      const base = path.join(root, 'base');
      const nano = new GPT(PRESETS.nano, { seed: 0 });
      await saveCheckpoint(base, nano, { tokenizer: 'char', name: 'nano' });
      nano.dispose();
      const prompts = generateTasks({ seed: 0, count: 6, split: 'train' }).map((t) => ({ prompt: t.prompt, verifier: t.verifier }));
      const waits: number[] = [];
      const result = await trainPgInWorker(
        { checkpointDir: base, outDir: path.join(root, 'out'), prompts, steps: 3, config: { overlap: true, promptsPerStep: 3, samplesPerPrompt: 2, maxNewTokens: 4 } },
        { onStep: (m) => waits.push(m['time/rollout_wait_s']) },
      );
      expect(result).toMatchObject({ steps: 3, samples: 18 });
      expect(waits).toHaveLength(3);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
