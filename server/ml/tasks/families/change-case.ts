import { z } from 'zod';
import { endsWithAnswer, stripFrame, words } from '../parse';
import type { Rng } from '../../random';
import { defineFamily } from '../types';
import { ADJECTIVES, NOUNS, capitalize } from '../words';
import { chatter, chatterCredit, pickMistake } from './common';

const Spec = z.object({ family: z.literal('change_case'), text: z.string().min(1), mode: z.enum(['upper', 'lower', 'title']) });
type Mode = 'upper' | 'lower' | 'title';

const TEMPLATES: Record<Mode, Array<(t: string) => string>> = {
  upper: [(t) => `Uppercase: ${t}`, (t) => `Write '${t}' in capital letters.`, (t) => `Convert to upper case: ${t}`],
  lower: [(t) => `Lowercase: ${t}`, (t) => `Write '${t}' in small letters.`, (t) => `Convert to lower case: ${t}`],
  title: [(t) => `Title case: ${t}`, (t) => `Capitalize each word: ${t}`, (t) => `Write '${t}' in title case.`],
};

/**
 * Exact, case-sensitive: 1 for the converted text, also framed; CHATTER_SCORE for a short, non-looping response
 * ending with it. Near miss: the right words with some in the wrong case get NEAR_MISS × the fraction of words cased
 * right (≤ 0.2 for the 2–3 word phrases here; the unchanged input has no word right, so echoing it gets 0). Else 0.
 */
const NEAR_MISS = 0.3;

export const changeCase = defineFamily({
  name: 'change_case',
  kind: 'exact',
  spec: Spec,
  generate(rng) {
    const mode = rng.pick(['upper', 'lower', 'title'] as const);
    const phrase = randomPhrase(rng);
    const text = mode === 'lower' ? phrase.toUpperCase() : phrase;
    return { prompt: rng.pick(TEMPLATES[mode])(text), answer: convert(text, mode), verifier: { family: 'change_case' as const, text, mode } };
  },
  verify(spec, response) {
    const want = convert(spec.text, spec.mode);
    const core = stripFrame(response);
    if (core === want) return 1;
    if (core.toLowerCase() === want.toLowerCase()) {
      const got = words(core);
      const expected = words(want);
      if (got.length === expected.length) return NEAR_MISS * (got.filter((w, i) => w === expected[i]).length / got.length);
      return 0;
    }
    return chatterCredit(response, endsWithAnswer(response, want, true));
  },
  imperfect(rng, spec, answer) {
    const wrongCase = spec.mode === 'upper' ? convert(spec.text, 'title') : capitalize(spec.text.toLowerCase());
    return pickMistake(rng, answer, [
      () => spec.text, // unchanged
      () => [words(answer)[0], ...words(spec.text).slice(1)].join(' '), // only the first word converted
      () => wrongCase, // title instead of upper, or only the first letter capitalised
      () => chatter(rng, answer),
    ]);
  },
});

function randomPhrase(rng: Rng): string {
  return rng.bool(0.5) ? `${rng.pick(ADJECTIVES)} ${rng.pick(NOUNS)}` : `the ${rng.pick(ADJECTIVES)} ${rng.pick(NOUNS)}`;
}

function convert(text: string, mode: Mode): string {
  if (mode === 'upper') return text.toUpperCase();
  if (mode === 'lower') return text.toLowerCase();
  return words(text.toLowerCase()).map(capitalize).join(' ');
}
