import { z } from 'zod';
import { defineFamily } from '../types';
import { WORDS } from '../words';
import { chatter, pickMistake, scoreTextAnswer } from './common';

const Spec = z.object({ family: z.literal('reverse_word'), word: z.string().min(1) });

const TEMPLATES = [
  (w: string) => `Reverse the word '${w}'.`,
  (w: string) => `Spell ${w} backwards.`,
  (w: string) => `Write '${w}' in reverse.`,
  (w: string) => `What is ${w} reversed?`,
];

// Palindromes are left out: "the unchanged word" must stay a mistake.
const CANDIDATES = WORDS.filter((w) => w.length >= 3 && w.length <= 10 && reverse(w) !== w);

/**
 * Exact, case-insensitive. 1 for the reversed word, also framed or quoted; CHATTER_SCORE for a short, non-looping
 * response ending with it; else 0 — no near-miss credit (a swapped or dropped letter is as wrong as random letters).
 */
export const reverseWord = defineFamily({
  name: 'reverse_word',
  kind: 'exact',
  spec: Spec,
  generate(rng) {
    const word = rng.pick(CANDIDATES);
    return { prompt: rng.pick(TEMPLATES)(word), answer: reverse(word), verifier: { family: 'reverse_word' as const, word } };
  },
  verify: (spec, response) => scoreTextAnswer(response, reverse(spec.word), { caseSensitive: false }),
  imperfect(rng, spec, answer) {
    return pickMistake(rng, answer, [
      () => spec.word, // not reversed at all
      () => {
        const i = rng.int(0, answer.length - 2); // two letters swapped
        return answer.slice(0, i) + answer[i + 1] + answer[i] + answer.slice(i + 2);
      },
      () => {
        const i = rng.int(0, answer.length - 1); // a letter dropped
        return answer.slice(0, i) + answer.slice(i + 1);
      },
      () => chatter(rng, answer),
    ]);
  },
});

function reverse(word: string): string {
  return [...word].reverse().join('');
}
