import { z } from 'zod';
import { scoreNumber, words } from '../parse';
import type { Rng } from '../rng';
import { defineFamily } from '../types';
import { ADJECTIVES, NOUNS, PLACES, VERBS } from '../words';
import { chatter, pickMistake } from './common';

const Spec = z.object({ family: z.literal('word_count'), text: z.string() });

const TEMPLATES = [
  (t: string) => `How many words are in '${t}'?`,
  (t: string) => `Count the words: ${t}`,
  (t: string) => `Number of words in: ${t}`,
];

export const wordCount = defineFamily({
  name: 'word_count',
  kind: 'exact',
  spec: Spec,
  generate(rng) {
    const text = randomText(rng);
    return { prompt: rng.pick(TEMPLATES)(text), answer: String(words(text).length), verifier: { family: 'word_count' as const, text } };
  },
  verify: (spec, response) => scoreNumber(response, words(spec.text).length),
  imperfect(rng, spec, answer) {
    const n = words(spec.text).length;
    return pickMistake(rng, answer, [
      () => String(n + rng.pick([-1, 1])), // off by one
      () => String(n + 1), // counted the spaces plus one too many
      () => chatter(rng, answer),
    ]);
  },
});

/** 2–8 words: a bare word list or a short sentence. */
function randomText(rng: Rng): string {
  if (rng.bool(0.5)) return Array.from({ length: rng.int(2, 6) }, () => rng.pick(NOUNS)).join(' ');
  const parts = [`the ${rng.pick(ADJECTIVES)} ${rng.pick(NOUNS)} ${rng.pick(VERBS)}`];
  if (rng.bool(0.5)) parts.push(rng.pick(PLACES));
  return parts.join(' ');
}
