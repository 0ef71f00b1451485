/**
 * Self-Instruct's instruction prompt, response parsing and heuristic filters (bootstrap_instructions.py:
 * encode_prompt and post_process_gpt3_response).
 */

/** "Come up with a series of tasks:\n1. …\n2. …\nN+1." — the generator continues the list. */
export function encodePrompt(instructions: readonly string[]): string {
  const lines = instructions.map((inst, i) => `${i + 1}. ${inst.replace(/\s+/g, ' ').trim().replace(/:+$/, '')}`);
  return `Come up with a series of tasks:\n${lines.join('\n')}\n${instructions.length + 1}.`;
}

/**
 * Splits a completion of the numbered list into instructions. The first item is the continuation of the prompt's
 * open "N." (no number of its own); a chat model that restarts with "1. …" is handled too. Whitespace is
 * collapsed and the first letter capitalised (the reference also lower-cases the rest; we keep the case).
 */
export function parseNumberedList(completion: string): string[] {
  return `\n${completion.trim()}`
    .split(/\n\s*\d+\s?[.)](?=\s|$)/)
    .map((item) => item.replace(/\s+/g, ' ').trim())
    .filter((item) => item.length > 0)
    .map((item) => item[0].toUpperCase() + item.slice(1));
}

export type RejectReason = 'length' | 'keyword' | 'program' | 'punctuation' | 'non_ascii' | 'similar';

/** Words that ask for something a text-only model cannot do (matched as whole words, case-insensitive). */
export const BLOCKED_KEYWORDS = [
  'image', 'images', 'graph', 'graphs', 'picture', 'pictures', 'file', 'files', 'map', 'maps', 'draw', 'plot', 'go to',
];
const BLOCKED = new RegExp(`\\b(${BLOCKED_KEYWORDS.join('|')})\\b`, 'i');
/** Kept when MIN_WORDS < words ≤ MAX_WORDS, as in the reference (which drops ≤ 3 words). */
export const MIN_WORDS = 3;
export const MAX_WORDS = 150;
const PUNCTUATION = /^[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/;

/** The first heuristic filter an instruction fails, or null (similarity is checked separately). */
export function filterReason(instruction: string): Exclude<RejectReason, 'similar'> | null {
  const n = instruction.split(/\s+/).filter((w) => w.length > 0).length;
  if (n <= MIN_WORDS || n > MAX_WORDS) return 'length';
  if (BLOCKED.test(instruction)) return 'keyword';
  if (instruction.startsWith('Write a program')) return 'program';
  if (PUNCTUATION.test(instruction)) return 'punctuation';
  if (instruction.charCodeAt(0) > 127) return 'non_ascii';
  return null;
}
