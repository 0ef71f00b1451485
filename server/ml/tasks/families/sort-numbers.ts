import { z } from 'zod';
import { CHATTER_SCORE, numbersIn, stripFrame } from '../parse';
import { defineFamily } from '../types';
import { chatter, distinctInts, listText, pickMistake } from './common';

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
 * 1 for the sorted list; a permutation in the wrong order gets 0.5 × the fraction of pairs in the right relative
 * order (one adjacent swap of four: 0.42; reversed: 0); missing/extra numbers: 0. Chatter around the list × 0.8.
 */
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
    const base = got.every((x, i) => x === want[i]) ? 1 : 0.5 * pairAgreement(got, spec.order);
    return CLEAN_LIST.test(stripFrame(response)) ? base : base * CHATTER_SCORE;
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

/** Fraction of pairs i < j already in the requested order (1 − normalised Kendall tau distance). */
function pairAgreement(xs: readonly number[], order: Order): number {
  let good = 0;
  let total = 0;
  for (let i = 0; i < xs.length; i++) {
    for (let j = i + 1; j < xs.length; j++) {
      total++;
      if (order === 'asc' ? xs[i] <= xs[j] : xs[i] >= xs[j]) good++;
    }
  }
  return total === 0 ? 1 : good / total;
}

function swapAdjacent(xs: readonly number[], i: number): number[] {
  const out = xs.slice();
  [out[i], out[i + 1]] = [out[i + 1], out[i]];
  return out;
}
