import { z } from 'zod';
import { defineFamily } from '../types';
import { WORDS } from '../words';
import { chatter, pickMistake, scoreTextAnswer } from './common';

const Spec = z.object({ family: z.literal('first_letters'), words: z.array(z.string().min(1)).min(1) });

const TEMPLATES = [
  (p: string) => `Acronym for '${p}'?`,
  (p: string) => `First letters of: ${p}`,
  (p: string) => `Make an acronym from: ${p}`,
  (p: string) => `Initials of '${p}'?`,
];

/**
 * Exact: the acronym, compared case-insensitively (the reference is upper case), also framed; CHATTER_SCORE for a
 * short, non-looping response ending with it; else 0 — no near-miss credit (a letter missing or out of order).
 */
export const firstLetters = defineFamily({
  name: 'first_letters',
  kind: 'exact',
  spec: Spec,
  generate(rng) {
    const words = rng.sample(WORDS, rng.int(3, 7)); // with 2–4 words the starter was right 85 % of the time
    return {
      prompt: rng.pick(TEMPLATES)(words.join(' ')),
      answer: acronym(words),
      verifier: { family: 'first_letters' as const, words },
    };
  },
  verify: (spec, response) => scoreTextAnswer(response, acronym(spec.words), { caseSensitive: false }),
  imperfect(rng, spec, answer) {
    return pickMistake(rng, answer, [
      () => acronym(spec.words.slice(0, -1)), // missed the last word
      () => {
        const i = rng.int(0, spec.words.length - 1); // two letters from one word
        return spec.words.map((w, j) => (j === i ? w.slice(0, 2) : w[0])).join('').toUpperCase();
      },
      () => acronym(spec.words.slice().reverse()), // right letters, wrong order
      () => chatter(rng, answer),
    ]);
  },
});

function acronym(words: readonly string[]): string {
  return words.map((w) => w[0]).join('').toUpperCase();
}
