import { z } from 'zod';
import { words } from '../parse';
import type { Rng } from '../../random';
import { defineFamily } from '../types';
import { ADJECTIVES, NOUNS, PLACES, VERBS } from '../words';
import { chatter, pickMistake, scoreNumberAnswer } from './common';

const Spec = z.object({ family: z.literal('word_count'), text: z.string() });

const TEMPLATES = [
  (t: string) => `How many words are in '${t}'?`,
  (t: string) => `Count the words: ${t}`,
  (t: string) => `Number of words in: ${t}`,
];

/**
 * Exact. 1 for the word count, also framed ("The answer is 5."); CHATTER_SCORE for a short chatty answer that ends with
 * it and commits to it (see scoreNumberAnswer: the echoed question does not count); else 0 — no near-miss credit,
 * since any wrong number is what formatting alone produces.
 */
export const wordCount = defineFamily({
  name: 'word_count',
  kind: 'exact',
  spec: Spec,
  generate(rng) {
    const text = randomText(rng);
    return { prompt: rng.pick(TEMPLATES)(text), answer: String(words(text).length), verifier: { family: 'word_count' as const, text } };
  },
  verify: (spec, response) => scoreNumberAnswer(response, words(spec.text).length, []),
  imperfect(rng, spec, answer) {
    const n = words(spec.text).length;
    return pickMistake(rng, answer, [
      () => String(n + rng.pick([-1, 1])), // off by one
      () => String(n + 1), // counted the spaces plus one too many
      () => chatter(rng, answer),
    ]);
  },
});

/**
 * 3–15 words: a bare word list (3–12) or one or two short sentences joined by "and". (With 2–8 words the starter was
 * right 95 % of the time.)
 */
function randomText(rng: Rng): string {
  if (rng.bool(0.5)) return Array.from({ length: rng.int(3, 12) }, () => rng.pick(NOUNS)).join(' ');
  const clause = () => [`the ${rng.pick(ADJECTIVES)} ${rng.pick(NOUNS)} ${rng.pick(VERBS)}`, ...(rng.bool(0.5) ? [rng.pick(PLACES)] : [])].join(' ');
  return rng.bool(0.5) ? `${clause()} and ${clause()}` : clause();
}
