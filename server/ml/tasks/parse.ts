/**
 * Tolerant answer parsing shared by the exact families.
 *
 * Rules (the same for every family, so a policy can learn them):
 * - The clean answer, optionally framed — "42", "42.", "The answer is 42.", "Answer: 42", "'elppa'" — scores 1.
 * - A correct answer inside chatter ("Sure! 3 + 4 = 7", "Okay, here it is: elppa") scores CHATTER_SCORE: the
 *   final answer is the last number / the text the response ends with / the last {...} block.
 * - Anything else is scored by the family (partial credit for near misses, else 0).
 */
export const CHATTER_SCORE = 0.8;

const FRAME_PREFIX = /^(?:so,?\s+)?(?:the\s+)?(?:final\s+)?(?:answer|result|output)\s*(?:is\b|:|=)\s*(?=\S)/i;
const QUOTES = /^(['"`])(.*)\1$/s;

/** The answer with one frame, one trailing period and one pair of wrapping quotes removed. */
export function stripFrame(response: string): string {
  let s = response.trim().replace(FRAME_PREFIX, '');
  s = s.replace(/\.$/, '').trim();
  const quoted = QUOTES.exec(s);
  return quoted ? quoted[2].trim() : s;
}

const NUMBER_WORDS = [
  'zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten',
  'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen', 'twenty',
];

/** "42", "-3", "1,234", "3.5", "seven" → number; anything else → null. */
export function parseNumber(text: string): number | null {
  const s = text.trim().toLowerCase();
  if (/^-?\d{1,3}(?:,\d{3})+$/.test(s)) return Number(s.replace(/,/g, ''));
  if (/^-?\d+(?:\.\d+)?$/.test(s)) return Number(s);
  const word = NUMBER_WORDS.indexOf(s);
  return word >= 0 ? word : null;
}

/** All numbers in reading order; "3-4" reads as 3 and 4, "-4" alone as −4. */
export function numbersIn(text: string): number[] {
  return (text.match(/(?<![\w.])-?\d+(?:\.\d+)?/g) ?? []).map(Number);
}

/** Exact numeric answer: 1 clean, CHATTER_SCORE when it is the last number of a chatty response, else 0. */
export function scoreNumber(response: string, expected: number): number {
  const clean = parseNumber(stripFrame(response));
  if (clean !== null) return clean === expected ? 1 : 0;
  const all = numbersIn(response);
  return all.length > 0 && all[all.length - 1] === expected ? CHATTER_SCORE : 0;
}

/** Exact text answer: 1 clean, CHATTER_SCORE when a chatty response ends with it (on a word boundary), else 0. */
export function scoreText(response: string, expected: string, opts: { caseSensitive: boolean }): number {
  const norm = (s: string) => (opts.caseSensitive ? s : s.toLowerCase());
  if (norm(stripFrame(response)) === norm(expected)) return 1;
  return endsWithAnswer(response, expected, opts.caseSensitive) ? CHATTER_SCORE : 0;
}

/** Does the response end with `expected` (ignoring trailing punctuation/quotes), preceded by a non-word char? */
export function endsWithAnswer(response: string, expected: string, caseSensitive: boolean): boolean {
  const norm = (s: string) => (caseSensitive ? s : s.toLowerCase());
  const tail = norm(response.trim().replace(/[\s.!'"`]+$/, ''));
  const want = norm(expected);
  if (want.length === 0 || !tail.endsWith(want) || tail.length === want.length) return false;
  return /[^A-Za-z0-9]/.test(tail[tail.length - want.length - 1]);
}

export function words(text: string): string[] {
  return text.split(/\s+/).filter((w) => w.length > 0);
}
