import { CHATTER_SCORE, endsWithAnswer, numbersIn, parseNumber, stripFrame } from '../parse';
import type { Rng } from '../../random';

/** The chatty wrappers of the starter SFT data; each ends with the answer, so they score CHATTER_SCORE. */
export function chatter(rng: Rng, answer: string): string {
  return rng.pick([
    `Sure! The answer is ${answer}.`,
    `Okay, here it is: ${answer}`,
    `Let me think... ${answer}`,
    `Great question! It is ${answer}.`,
  ]);
}

export function listText(numbers: readonly number[]): string {
  return numbers.join(', ');
}

/** n distinct integers in [lo, hi]. */
export function distinctInts(rng: Rng, n: number, lo: number, hi: number): number[] {
  const seen = new Set<number>();
  while (seen.size < n) seen.add(rng.int(lo, hi));
  return rng.shuffle([...seen]);
}

/** Draw mistakes until one differs from the answer; the caller still checks the score. */
export function pickMistake(rng: Rng, answer: string, mistakes: Array<() => string>): string {
  for (let i = 0; i < 10; i++) {
    const response = rng.pick(mistakes)();
    if (response !== answer) return response;
  }
  return '';
}

/** Longest chatty answer (in words) that still earns CHATTER_SCORE: the prompts are one line. */
export const MAX_CHATTER_WORDS = 40;

/**
 * A degenerate response: a word or phrase (≤ 6 words) said three times in a row ("42 42 42", "da yo da yo da yo"),
 * fewer than half of ≥ 8 words distinct, or (when `maxWords` is given) longer than that.
 */
export function isRunaway(text: string, maxWords = Number.POSITIVE_INFINITY): boolean {
  const tokens = text.toLowerCase().split(/\s+/).filter((t) => t.length > 0);
  if (tokens.length > maxWords) return true;
  if (tokens.length >= 8 && new Set(tokens).size < tokens.length / 2) return true;
  for (let n = 1; n <= 6; n++) {
    for (let i = 0; i + 3 * n <= tokens.length; i++) {
      let same = true;
      for (let k = 0; k < n && same; k++) same = tokens[i + k] === tokens[i + n + k] && tokens[i + k] === tokens[i + 2 * n + k];
      if (same) return true;
    }
  }
  return false;
}

/** Numbers a chatty answer may add to the question's own ("40 + 2 = 42" adds one). */
const MAX_EXTRA_NUMBERS = 2;

/**
 * Exact numeric answer. 1 clean ("42", "The answer is 42."); CHATTER_SCORE when a short, non-looping response ends
 * with it as its last number and commits to it: a response whose numbers are only numbers of the question
 * (`questionNumbers`, as a multiset, ≥ 2 of them) — the echoed question, the list re-sorted, "45 or 54" — has
 * not answered, nor has an enumeration ("1 2 3 … 12": more than MAX_EXTRA_NUMBERS numbers beyond the question's).
 * Else 0: a wrong number earns nothing (a digit string is what formatting alone produces).
 */
export function scoreNumberAnswer(response: string, expected: number, questionNumbers: readonly number[]): number {
  const clean = parseNumber(stripFrame(response));
  if (clean !== null) return clean === expected ? 1 : 0;
  const all = numbersIn(response);
  if (all.length === 0 || all[all.length - 1] !== expected) return 0;
  if (all.length >= 2 && isSubMultiset(all, questionNumbers)) return 0;
  if (all.length > questionNumbers.length + MAX_EXTRA_NUMBERS) return 0;
  return isRunaway(response, MAX_CHATTER_WORDS) ? 0 : CHATTER_SCORE;
}

/** Exact text answer: 1 clean; CHATTER_SCORE when a short, non-looping response ends with it; else 0. */
export function scoreTextAnswer(response: string, expected: string, opts: { caseSensitive: boolean }): number {
  const norm = (s: string) => (opts.caseSensitive ? s : s.toLowerCase());
  if (norm(stripFrame(response)) === norm(expected)) return 1;
  return chatterCredit(response, endsWithAnswer(response, expected, opts.caseSensitive));
}

/** CHATTER_SCORE if the chatty response holds the answer (`found`) and neither loops nor rambles, else 0. */
export function chatterCredit(response: string, found: boolean): number {
  return found && !isRunaway(response, MAX_CHATTER_WORDS) ? CHATTER_SCORE : 0;
}

function isSubMultiset(xs: readonly number[], of: readonly number[]): boolean {
  const left = new Map<number, number>();
  for (const x of of) left.set(x, (left.get(x) ?? 0) + 1);
  for (const x of xs) {
    const n = left.get(x) ?? 0;
    if (n === 0) return false;
    left.set(x, n - 1);
  }
  return true;
}
