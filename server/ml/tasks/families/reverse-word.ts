import { z } from 'zod';
import { defineFamily } from '../types';
import { commonWords } from '../dictionary';
import { chatter, pickMistake, scoreTextAnswer } from './common';

const Spec = z.object({ family: z.literal('reverse_word'), word: z.string().min(1) });

const TEMPLATES = [
  (w: string) => `Reverse the word '${w}'.`,
  (w: string) => `Spell ${w} backwards.`,
  (w: string) => `Write '${w}' in reverse.`,
  (w: string) => `What is ${w} reversed?`,
];

// ~14,000 common English words of 5–12 letters (WordNet's sense-tagged lemmas), so that the held-out fifth are
// words the policy has never seen reversed: with the task world's 150 words it memorised the reversals of the
// training words and had nothing to generalise from; with 3–8 letters it then reversed 95 % of held-out words.
// Palindromes are left out: "the unchanged word" must stay a mistake. Built on first use.
let candidates: string[] | null = null;
function reversible(): string[] {
  candidates ??= commonWords(5, 12).filter((w) => reverse(w) !== w);
  return candidates;
}

/**
 * Exact, case-insensitive. 1 for the reversed word, also framed or quoted; CHATTER_SCORE for a short, non-looping
 * response ending with it; else 0 — no near-miss credit (a swapped or dropped letter is as wrong as random letters).
 */
export const reverseWord = defineFamily({
  name: 'reverse_word',
  kind: 'exact',
  spec: Spec,
  generate(rng) {
    const word = rng.pick(reversible());
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
