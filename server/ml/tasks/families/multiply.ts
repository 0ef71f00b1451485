import { z } from 'zod';
import { defineFamily } from '../types';
import { chatter, pickMistake, scoreNumberAnswer } from './common';

const Spec = z.object({ family: z.literal('multiply'), operands: z.tuple([z.number().int(), z.number().int()]) });

const TEMPLATES = [
  (a: number, b: number) => `What is ${a} * ${b}?`,
  (a: number, b: number) => `Multiply ${a} by ${b}.`,
  (a: number, b: number) => `${a} times ${b} is?`,
  (a: number, b: number) => `Compute ${a} x ${b}.`,
];

/**
 * Exact. 1 for the product, also framed ("The answer is 42."); CHATTER_SCORE for a short chatty answer that ends with
 * it and commits to it (see scoreNumberAnswer: the echoed question does not count); else 0 — no near-miss credit,
 * since any wrong number is what formatting alone produces.
 */
export const multiply = defineFamily({
  name: 'multiply',
  kind: 'exact',
  spec: Spec,
  generate(rng) {
    const operands: [number, number] = [rng.int(2, 12), rng.int(2, 15)];
    return {
      prompt: rng.pick(TEMPLATES)(...operands),
      answer: String(operands[0] * operands[1]),
      verifier: { family: 'multiply' as const, operands },
    };
  },
  verify: (spec, response) => scoreNumberAnswer(response, spec.operands[0] * spec.operands[1], spec.operands),
  imperfect(rng, spec, answer) {
    const [a, b] = spec.operands;
    return pickMistake(rng, answer, [
      () => String(a * (b + rng.pick([-1, 1]))), // one times-table row off
      () => String(a * b + rng.pick([-1, 1])), // off by one
      () => String(a + b), // added instead
      () => chatter(rng, answer),
    ]);
  },
});
