import { describe, expect, it } from 'vitest';
import { generateTasks, getFamily, verify } from '../../../server/ml/tasks';
import { createRng } from '../../../server/ml/random';
import { createSimulatedAnnotator } from '../../../server/ml/tasks/simulated-annotator';
import { readTask } from '../../../server/sim/read-task';

/** Reference vs imperfect answer pairs, sides in random order. */
function pairs(n: number, seed: number) {
  const rng = createRng(seed);
  return generateTasks({ seed, count: n, split: 'train' }).map((t) => {
    const bad = getFamily(t.family).imperfect(rng, t.verifier, t.answer);
    const [left, right] = rng.bool() ? [t.answer, bad] : [bad, t.answer];
    return { prompt: t.prompt, verifier: t.verifier, left, right };
  });
}

const N = 4000;
const PAIRS = pairs(N, 1);

function rates(opts: { noise: number; positionBias: number; temperature?: number }) {
  const annotator = createSimulatedAnnotator({ seed: 7, ...opts });
  let decisive = 0;
  let agree = 0;
  let left = 0;
  for (const item of PAIRS) {
    const j = annotator.judge(item);
    if (j.pick !== 'left' && j.pick !== 'right') continue;
    decisive++;
    if ((j.pick === 'left') === j.scores.left > j.scores.right) agree++;
    if (j.pick === 'left') left++;
  }
  return { agree: agree / decisive, left: left / decisive, decisive };
}

describe('createSimulatedAnnotator', () => {
  it('with noise 0 and no bias always prefers the higher oracle score', () => {
    const r = rates({ noise: 0, positionBias: 0 });
    expect(r.decisive).toBeGreaterThan(0.9 * N);
    expect(r.agree).toBe(1);
  });

  it('at 25 % noise flips about a quarter of the decisive pairs (binomial tolerance)', () => {
    const r = rates({ noise: 0.25, positionBias: 0 });
    const sd = Math.sqrt((0.25 * 0.75) / r.decisive);
    expect(Math.abs(1 - r.agree - 0.25)).toBeLessThan(4 * sd);
  });

  it('agrees with the oracle ≈ 1 − noise', () => {
    expect(Math.abs(rates({ noise: 0.1, positionBias: 0 }).agree - 0.9)).toBeLessThan(0.03);
    expect(Math.abs(rates({ noise: 0.25, positionBias: 0 }).agree - 0.75)).toBeLessThan(0.03);
    expect(Math.abs(rates({ noise: 0.5, positionBias: 0 }).agree - 0.5)).toBeLessThan(0.03); // ~random
  });

  it('raises the left-pick rate by about positionBias', () => {
    const base = rates({ noise: 0, positionBias: 0 }).left;
    const biased = rates({ noise: 0, positionBias: 0.1 }).left;
    expect(Math.abs(base - 0.5)).toBeLessThan(0.03);
    expect(Math.abs(biased - base - 0.1)).toBeLessThan(0.03);
  });

  it('says tie within tieThreshold and both_bad below bothBadThreshold', () => {
    const annotator = createSimulatedAnnotator({ seed: 1, positionBias: 0 });
    const spec = { family: 'add', operands: [40, 2] };
    expect(annotator.judge({ prompt: '', verifier: spec, left: '42', right: 'The answer is 42.' })).toEqual({
      pick: 'tie',
      strength: 0,
      scores: { left: 1, right: 1 },
      againstOracle: false,
    });
    expect(annotator.judge({ prompt: '', verifier: spec, left: '41', right: '43' }).pick).toBe('both_bad');
    const biased = createSimulatedAnnotator({ seed: 1, positionBias: 0.3 });
    const ties = Array.from({ length: 2000 }, () => biased.judge({ prompt: '', verifier: spec, left: '42', right: '42' }).pick);
    expect(Math.abs(ties.filter((p) => p === 'left').length / 2000 - 0.3)).toBeLessThan(0.04);
  });

  it('reads strength from the score gap', () => {
    const annotator = createSimulatedAnnotator({ seed: 1, noise: 0, positionBias: 0 });
    const spec = { family: 'write_list', topic: 'sleep', count: 2, maxChars: 80 };
    const judge = (left: string, right: string) => annotator.judge({ prompt: '', verifier: spec, left, right });
    const perfect = '- Dark room\n- No coffee';
    expect(verify(spec, '- Dark room')).toBe(0.75);
    expect(judge(perfect, '- Dark room')).toMatchObject({ pick: 'left', strength: 1 }); // Δ 0.25
    expect(judge('Dark room\n- No coffee', perfect)).toMatchObject({ pick: 'right', strength: 2 }); // Δ 0.5
    expect(judge(perfect, '* Dark room')).toMatchObject({ pick: 'left', strength: 3 }); // Δ 1
  });

  it('is reproducible from its seed', () => {
    const run = () => {
      const a = createSimulatedAnnotator({ seed: 3, noise: 0.3 });
      return PAIRS.slice(0, 200).map((p) => a.judge(p).pick);
    };
    expect(run()).toEqual(run());
  });

  it('chooses by Bradley–Terry on the score gap: P(left) = σ(Δ / temperature)', () => {
    const n = 4000;
    for (const [left, right, temperature] of [
      [0.6, 0.4, 0.2],
      [0.3, 0.8, 0.25],
      [1, 0.8, 1],
    ]) {
      const a = createSimulatedAnnotator({ seed: 9, noise: 0, positionBias: 0, temperature });
      const lefts = Array.from({ length: n }, () => a.judgeScores({ left, right }).pick).filter((p) => p === 'left').length;
      const p = 1 / (1 + Math.exp(-(left - right) / temperature));
      expect(Math.abs(lefts / n - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / n));
    }
    // a lower temperature agrees with the oracle more often
    expect(rates({ noise: 0, positionBias: 0, temperature: 0.05 }).agree).toBeGreaterThan(rates({ noise: 0, positionBias: 0, temperature: 0.5 }).agree);
  });

  it('gives a pick against the oracle a low strength (0–1) and a right one the strength of the gap', () => {
    const a = createSimulatedAnnotator({ seed: 4, noise: 0.5, positionBias: 0 });
    const judgments = Array.from({ length: 400 }, () => a.judgeScores({ left: 1, right: 0.2 }));
    const wrong = judgments.filter((j) => j.againstOracle);
    expect(wrong.length).toBeGreaterThan(100);
    expect(wrong.every((j) => j.pick === 'right' && j.strength === 1)).toBe(true);
    expect(judgments.filter((j) => !j.againstOracle).every((j) => j.pick === 'left' && j.strength === 3)).toBe(true);
    const small = createSimulatedAnnotator({ seed: 4, noise: 1, positionBias: 0 }).judgeScores({ left: 0.5, right: 0.4 });
    expect(small).toMatchObject({ pick: 'right', strength: 0, againstOracle: true });
  });

  it('rejects parameters out of range', () => {
    expect(() => createSimulatedAnnotator({ seed: 1, noise: 1.5 })).toThrow(/noise/);
    expect(() => createSimulatedAnnotator({ seed: 1, temperature: -1 })).toThrow(/temperature/);
    expect(() => createSimulatedAnnotator({ seed: 1, positionBias: 0.6 })).toThrow(/positionBias/);
  });
});

describe('readTask (the simulator reads the instruction from the prompt text)', () => {
  it('recovers the verifier spec of every family from its prompt, in both splits', () => {
    for (const split of ['train', 'heldout'] as const) {
      for (const t of generateTasks({ seed: 21, count: 1300, split })) expect(readTask(t.prompt), t.prompt).toEqual(t.verifier);
    }
  });

  it('gives null for a prompt that is not a task-world instruction', () => {
    expect(readTask('Tell me a joke about cats.')).toBeNull();
    expect(readTask('What is the capital of France?')).toBeNull();
  });
});
