import type { Rng } from '../rng';

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
