import { z } from 'zod';
import { defineFamily } from '../types';
import { chatter, pickMistake, scoreNumberAnswer } from './common';

const Spec = z.object({ family: z.literal('add'), operands: z.array(z.number().int()).min(2).max(3) });

const TEMPLATES_2 = [
  (a: number, b: number) => `What is ${a} + ${b}?`,
  (a: number, b: number) => `Add ${a} and ${b}.`,
  (a: number, b: number) => `${a} plus ${b} equals?`,
  (a: number, b: number) => `Compute ${a}+${b}.`,
];
const TEMPLATES_3 = [
  (a: number, b: number, c: number) => `What is ${a} + ${b} + ${c}?`,
  (a: number, b: number, c: number) => `Add ${a}, ${b} and ${c}.`,
  (a: number, b: number, c: number) => `Sum of ${a}, ${b} and ${c}?`,
];

/**
 * Exact. 1 for the sum, also framed ("The answer is 42."); CHATTER_SCORE for a short chatty answer that ends with
 * it and commits to it (see scoreNumberAnswer: the echoed question does not count); else 0 — no near-miss credit,
 * since any wrong number is what formatting alone produces.
 */
export const add = defineFamily({
  name: 'add',
  kind: 'exact',
  spec: Spec,
  generate(rng) {
    const three = rng.bool(0.3);
    const operands = three ? [rng.int(0, 50), rng.int(0, 50), rng.int(0, 50)] : [rng.int(0, 99), rng.int(0, 99)];
    const [a, b, c] = operands;
    const prompt = three ? rng.pick(TEMPLATES_3)(a, b, c) : rng.pick(TEMPLATES_2)(a, b);
    return { prompt, answer: String(sum(operands)), verifier: { family: 'add' as const, operands } };
  },
  verify: (spec, response) => scoreNumberAnswer(response, sum(spec.operands), spec.operands),
  imperfect(rng, spec, answer) {
    const total = sum(spec.operands);
    return pickMistake(rng, answer, [
      () => String(total + rng.pick([-1, 1])), // off by one
      () => String(total + rng.pick([-10, 10])), // dropped / extra carry
      () => String(total - spec.operands[spec.operands.length - 1]), // forgot the last operand
      () => chatter(rng, answer),
    ]);
  },
});

function sum(xs: readonly number[]): number {
  return xs.reduce((s, x) => s + x, 0);
}
