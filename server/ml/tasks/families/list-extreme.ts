import { z } from 'zod';
import { defineFamily } from '../types';
import { chatter, distinctInts, listText, pickMistake, scoreNumberAnswer } from './common';

const Spec = z.object({ family: z.literal('list_extreme'), numbers: z.array(z.number()).min(1), which: z.enum(['max', 'min']) });
type Which = 'max' | 'min';

const TEMPLATES: Record<Which, Array<(l: string) => string>> = {
  max: [(l) => `What is the largest of ${l}?`, (l) => `Max of ${l}?`, (l) => `Which number is biggest: ${l}?`],
  min: [(l) => `What is the smallest of ${l}?`, (l) => `Min of ${l}?`, (l) => `Which number is lowest: ${l}?`],
};

/**
 * Exact. 1 for the extreme, also framed; CHATTER_SCORE for a short chatty answer ending with it that commits to it —
 * the echoed question or the list re-sorted (its last number is the max) lists only the question's numbers and
 * gets 0; else 0 — no near-miss credit: the runner-up is one of the given numbers, a guess formatting alone makes.
 */
export const listExtreme = defineFamily({
  name: 'list_extreme',
  kind: 'exact',
  spec: Spec,
  generate(rng) {
    // 4–7 numbers of up to three digits: with 3–6 two-digit numbers the starter was right 95 % of the time,
    // which leaves nothing for RL to improve.
    const numbers = distinctInts(rng, rng.int(4, 7), 0, 999);
    const which = rng.pick(['max', 'min'] as const);
    return {
      prompt: rng.pick(TEMPLATES[which])(listText(numbers)),
      answer: String(extreme(numbers, which)),
      verifier: { family: 'list_extreme' as const, numbers, which },
    };
  },
  verify: (spec, response) => scoreNumberAnswer(response, extreme(spec.numbers, spec.which), spec.numbers),
  imperfect(rng, spec, answer) {
    const ranked = spec.numbers.slice().sort((a, b) => (spec.which === 'max' ? b - a : a - b));
    return pickMistake(rng, answer, [
      () => String(ranked[ranked.length - 1]), // the other extreme
      () => String(ranked[1]), // the runner-up
      () => String(spec.numbers[0]), // just the first number
      () => chatter(rng, answer),
    ]);
  },
});

function extreme(xs: readonly number[], which: Which): number {
  return which === 'max' ? Math.max(...xs) : Math.min(...xs);
}
