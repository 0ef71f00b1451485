/**
 * Content checks of the style families: the text must be real English, about what was asked, and not the prompt
 * copied back. Tokens come from `wordTokens` (punctuation stripped, original case).
 */
import { FUNCTION_WORDS, isEnglishWord, isInflectedVerb, lemmaCandidates } from '../dictionary';

const FUNCTION = new Set(FUNCTION_WORDS);

/** Words a sentence cannot end on. */
const CANNOT_END = new Set([
  'a', 'an', 'the', 'and', 'or', 'but', 'nor', 'of', 'to', 'at', 'with', 'from', 'for', 'by', 'into', 'onto',
  'my', 'your', 'our', 'their', 'its', 'very', 'is', 'are',
]);
const DETERMINERS = new Set(['a', 'an', 'the', 'my', 'your', 'our', 'their']);
/** Function words that may follow a determiner ("the same", "a few", "my own"). */
const AFTER_DETERMINER = new Set(['very', 'own', 'same', 'other', 'few', 'many', 'most', 'more', 'less', 'least', 'only']);
/** Function words that may follow 'very' ("very few", "very own"); any other ("very of", "very the") may not. */
const AFTER_VERY = new Set(['few', 'many', 'much', 'more', 'most', 'less', 'least', 'own', 'same']);
const PREPOSITIONS = new Set(['of', 'to', 'in', 'on', 'at', 'by', 'for', 'with', 'from', 'into', 'onto', 'about', 'under', 'over']);
/** Words that cannot follow a preposition ("of and", "with is"). */
const NOT_AFTER_PREPOSITION = new Set([
  ...PREPOSITIONS, 'and', 'or', 'but', 'nor', 'is', 'are', 'was', 'were', 'am', 'will', 'would', 'can', 'could',
  'should', 'must', 'shall', 'may', 'might', 'has', 'have', 'had', 'does', 'did',
]);
/** From this many words on, a sentence has a function word. */
const MIN_WORDS_FOR_FUNCTION_WORD = 5;

export function allEnglish(tokens: readonly string[]): boolean {
  return tokens.length > 0 && tokens.every(isEnglishWord);
}

/** Some token, as written or with an inflection stripped, is one of `lemmas` (lower case). */
export function mentions(tokens: readonly string[], lemmas: ReadonlySet<string>): boolean {
  return tokens.some((t) => lemmaCandidates(t).some((c) => lemmas.has(c)));
}

/** The words of the prompts a spec can have been asked with (lower case). */
export function promptVocabulary(prompts: readonly string[]): ReadonlySet<string> {
  return new Set(prompts.flatMap((p) => p.toLowerCase().split(/[^a-z0-9']+/)));
}

/**
 * More than `share` of the tokens (all of them by default) are words of the prompts: the instruction, or a piece
 * of it, copied back.
 */
export function echoesPrompt(tokens: readonly string[], vocabulary: ReadonlySet<string>, share = 1): boolean {
  const copied = tokens.filter((t) => vocabulary.has(t.toLowerCase())).length;
  return tokens.length > 0 && (share >= 1 ? copied === tokens.length : copied > share * tokens.length);
}

/**
 * Real words that do not read as a sentence: no function word (with fewer than 5 words, an inflected verb will do:
 * "Fresh bread smells wonderful"), a determiner or preposition followed by a function word ("the and", "of is"),
 * 'very' followed by a function word other than a quantity ("very of"), a word said twice in a row, a last word
 * that cannot end a sentence ("… of the"), or a lower-case start with a capital further on ("makes Music me").
 * A cheap filter for shuffled and random words, not a parser: it catches most, not all, shuffles of a real
 * sentence (measured in tests/ml/tasks/adversarial.test.ts).
 */
export function isWordSalad(tokens: readonly string[]): boolean {
  const lower = tokens.map((t) => t.toLowerCase());
  if (/^\p{Ll}/u.test(tokens[0]) && tokens.slice(1).some((t) => /^\p{Lu}/u.test(t) && t !== 'I')) return true;
  const hasFunctionWord = lower.some((t) => FUNCTION.has(t));
  if (!hasFunctionWord && (lower.length >= MIN_WORDS_FOR_FUNCTION_WORD || !lower.some((t, i) => i > 0 && isInflectedVerb(t)))) return true;
  if (CANNOT_END.has(lower[lower.length - 1])) return true;
  return lower.some((t, i) => {
    const next = lower[i + 1];
    if (next === undefined) return false;
    if (t === next) return true;
    if (DETERMINERS.has(t)) return FUNCTION.has(next) && !AFTER_DETERMINER.has(next);
    if (t === 'very') return FUNCTION.has(next) && !AFTER_VERY.has(next);
    return PREPOSITIONS.has(t) && NOT_AFTER_PREPOSITION.has(next);
  });
}

/** Lemmas of a space-separated word list, as a set. */
export function lemmaSet(words: string): Set<string> {
  return new Set(words.split(/\s+/).filter((w) => w.length > 0));
}
