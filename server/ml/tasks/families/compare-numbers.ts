import { z } from 'zod';
import { stripFrame } from '../parse';
import { defineFamily } from '../types';
import { chatter, chatterCredit, pickMistake, scoreNumberAnswer } from './common';

const Spec = z.object({
  family: z.literal('compare_numbers'),
  a: z.number(),
  b: z.number(),
  question: z.enum(['larger', 'smaller', 'a_greater']),
});
type Question = 'larger' | 'smaller' | 'a_greater';

const TEMPLATES: Record<Question, Array<(a: number, b: number) => string>> = {
  larger: [(a, b) => `Which is bigger, ${a} or ${b}?`, (a, b) => `Which is larger: ${a} or ${b}?`],
  smaller: [(a, b) => `Which is smaller, ${a} or ${b}?`, (a, b) => `Pick the smaller: ${a} or ${b}`],
  a_greater: [(a, b) => `Is ${a} greater than ${b}? Answer yes or no.`, (a, b) => `Is ${a} > ${b}? Yes or no.`],
};

/**
 * Exact. `larger`/`smaller`: the number (1 clean; CHATTER_SCORE when a chatty answer ends with it and commits —
 * the echoed question "45 or 54" lists only the question's numbers and gets 0). `a_greater`: yes/no (1 clean;
 * CHATTER_SCORE when a short, non-looping response says exactly one of the two, the right one). No near-miss
 * credit: with two candidates the wrong one is a coin flip, not a near miss.
 */
export const compareNumbers = defineFamily({
  name: 'compare_numbers',
  kind: 'exact',
  spec: Spec,
  generate(rng) {
    // Up to four digits. The tempting cases: digit swaps (4153 vs 3514) and near neighbours (4153 vs 4147), where
    // only the last digits differ. With two-digit numbers the starter was right 95 % of the time, with three 80 %.
    const a = rng.int(0, 9999);
    const swapped = Number(String(a).split('').reverse().join(''));
    const kind = rng.pick(['swap', 'near', 'random'] as const);
    let b = kind === 'swap' && swapped !== a ? swapped : kind === 'near' ? Math.max(0, a + rng.int(-20, 20)) : rng.int(0, 9999);
    if (b === a) b = a + 1;
    const question = rng.pick(['larger', 'smaller', 'a_greater'] as const);
    const verifier = { family: 'compare_numbers' as const, a, b, question };
    return { prompt: rng.pick(TEMPLATES[question])(a, b), answer: expected(verifier), verifier };
  },
  verify(spec, response) {
    const want = expected(spec);
    if (spec.question !== 'a_greater') return scoreNumberAnswer(response, Number(want), [spec.a, spec.b]);
    const core = stripFrame(response).toLowerCase().replace(/[.!]$/, '');
    if (core === 'yes' || core === 'no') return core === want ? 1 : 0;
    const said = new Set(response.toLowerCase().match(/\b(yes|no)\b/g) ?? []);
    return chatterCredit(response, said.size === 1 && said.has(want));
  },
  imperfect(rng, spec, answer) {
    const wrong = spec.question === 'a_greater' ? (answer === 'yes' ? 'no' : 'yes') : String(answer === String(spec.a) ? spec.b : spec.a);
    return pickMistake(rng, answer, [() => wrong, () => wrong, () => chatter(rng, answer)]);
  },
});

function expected(spec: { a: number; b: number; question: Question }): string {
  if (spec.question === 'larger') return String(Math.max(spec.a, spec.b));
  if (spec.question === 'smaller') return String(Math.min(spec.a, spec.b));
  return spec.a > spec.b ? 'yes' : 'no';
}
