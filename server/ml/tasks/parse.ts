/**
 * Tolerant answer parsing shared by the exact families.
 *
 * The clean answer, optionally framed — "42", "42.", "The answer is 42.", "Answer: 42", "'elppa'" — is what
 * stripFrame leaves; a correct answer inside chatter scores CHATTER_SCORE only under the stricter rules of
 * families/common.ts (no echoed question, few extra numbers, no loops). Each family documents its scoring.
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
