import { z } from 'zod';
import { defineFamily } from '../types';
import { WORDS } from '../words';
import { chatter, pickMistake, scoreNumberAnswer } from './common';

const Spec = z.object({ family: z.literal('count_letter'), word: z.string().min(1), letter: z.string().length(1) });

const TEMPLATES = [
  (l: string, w: string) => `How many '${l}' in '${w}'?`,
  (l: string, w: string) => `Count the letter ${l} in ${w}.`,
  (l: string, w: string) => `How many times does ${l} appear in ${w}?`,
];

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz';

/**
 * Exact. 1 for the count, also framed ("The answer is 3.", "three"); CHATTER_SCORE for a short chatty answer that ends with
 * it and commits to it (see scoreNumberAnswer: the echoed question does not count); else 0 — no near-miss credit,
 * since any wrong number is what formatting alone produces.
 */
export const countLetter = defineFamily({
  name: 'count_letter',
  kind: 'exact',
  spec: Spec,
  generate(rng) {
    const word = rng.pick(WORDS);
    // Mostly a letter of the word (repeated letters are the interesting case), sometimes one that is absent.
    const letter = rng.bool(0.85) ? rng.pick([...word]) : rng.pick([...ALPHABET].filter((c) => !word.includes(c)));
    return {
      prompt: rng.pick(TEMPLATES)(letter, word),
      answer: String(count(word, letter)),
      verifier: { family: 'count_letter' as const, word, letter },
    };
  },
  verify: (spec, response) => scoreNumberAnswer(response, count(spec.word, spec.letter), []),
  imperfect(rng, spec, answer) {
    const n = count(spec.word, spec.letter);
    return pickMistake(rng, answer, [
      () => String(n === 0 ? 1 : n + rng.pick([-1, 1])), // miscounted by one
      () => String(spec.word.length), // counted all letters
      () => chatter(rng, answer),
    ]);
  },
});

function count(word: string, letter: string): number {
  return [...word.toLowerCase()].filter((c) => c === letter.toLowerCase()).length;
}
