import { z } from 'zod';
import { CHATTER_SCORE, numbersIn, stripFrame } from '../parse';
import { defineFamily } from '../types';
import { chatter, distinctInts, isRunaway, listText, MAX_CHATTER_WORDS, pickMistake } from './common';

const Spec = z.object({
  family: z.literal('sort_numbers'),
  numbers: z.array(z.number()).min(2),
  order: z.enum(['asc', 'desc']),
});
type Order = 'asc' | 'desc';

const TEMPLATES: Record<Order, Array<(list: string) => string>> = {
  asc: [
    (l) => `Sort ascending: ${l}`,
    (l) => `Sort from smallest to largest: ${l}`,
    (l) => `Put in increasing order: ${l}`,
  ],
  desc: [
    (l) => `Sort descending: ${l}`,
    (l) => `Sort from largest to smallest: ${l}`,
    (l) => `Put in decreasing order: ${l}`,
  ],
};

const CLEAN_LIST = /^[[(]?\s*-?\d+(?:\.\d+)?(?:\s*[,;]?\s*-?\d+(?:\.\d+)?)*\s*[\])]?$/;

/**
 * Exact: 1 for the sorted list ("1, 2, 5", "[1, 2, 5]", "1 2 5", also framed). Near miss: the right numbers with
 * exactly one adjacent pair out of order get NEAR_MISS; any other order (reversed, the input echoed, shuffled) and
 * missing or extra numbers get 0 — a permutation of the input is what copying the prompt produces. A chatty
 * response holding the list is scored × CHATTER_SCORE if it is short and does not loop, and 0 when its numbers
 * are the input in the input's order (the echoed question; for an input that is already sorted only the clean
 * list counts, since a chatty echo of it cannot be told from an answer).
 */
const NEAR_MISS = 0.3;

export const sortNumbers = defineFamily({
  name: 'sort_numbers',
  kind: 'exact',
  spec: Spec,
  generate(rng) {
    const numbers = distinctInts(rng, rng.int(3, 6), 0, 99);
    const order: Order = rng.bool() ? 'asc' : 'desc';
    return {
      prompt: rng.pick(TEMPLATES[order])(listText(numbers)),
      answer: listText(sorted(numbers, order)),
      verifier: { family: 'sort_numbers' as const, numbers, order },
    };
  },
  verify(spec, response) {
    const got = numbersIn(response);
    const want = sorted(spec.numbers, spec.order);
    if (!sameMultiset(got, want)) return 0;
    const base = got.every((x, i) => x === want[i]) ? 1 : outOfOrderPairs(got, spec.order) === 1 ? NEAR_MISS : 0;
    if (CLEAN_LIST.test(stripFrame(response))) return base;
    const echo = got.every((x, i) => x === spec.numbers[i]);
    return echo || isRunaway(response, MAX_CHATTER_WORDS) ? 0 : base * CHATTER_SCORE;
  },
  imperfect(rng, spec, answer) {
    const want = sorted(spec.numbers, spec.order);
    return pickMistake(rng, answer, [
      () => listText(swapAdjacent(want, rng.int(0, want.length - 2))), // one pair left unsorted
      () => listText(spec.numbers), // echoed the input
      () => listText(want.slice().reverse()), // wrong direction
      () => {
        const drop = rng.int(0, want.length - 1);
        return listText(want.filter((_, i) => i !== drop)); // dropped a number
      },
      () => chatter(rng, answer),
    ]);
  },
});

function sorted(xs: readonly number[], order: Order): number[] {
  return xs.slice().sort((a, b) => (order === 'asc' ? a - b : b - a));
}

function sameMultiset(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  const sa = a.slice().sort((x, y) => x - y);
  const sb = b.slice().sort((x, y) => x - y);
  return sa.every((x, i) => x === sb[i]);
}

/** Pairs i < j out of the requested order (the Kendall tau distance to the sorted list; 1 = one adjacent swap). */
function outOfOrderPairs(xs: readonly number[], order: Order): number {
  let bad = 0;
  for (let i = 0; i < xs.length; i++) {
    for (let j = i + 1; j < xs.length; j++) if (order === 'asc' ? xs[i] > xs[j] : xs[i] < xs[j]) bad++;
  }
  return bad;
}

function swapAdjacent(xs: readonly number[], i: number): number[] {
  const out = xs.slice();
  [out[i], out[i + 1]] = [out[i + 1], out[i]];
  return out;
}
