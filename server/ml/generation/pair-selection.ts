// Which two of a prompt's K samples become a queue pair. A random pair of a weak policy's samples is mostly
// "both equally wrong"; the two samples that differ most (normalised edit distance) disagree more often on
// what matters, so a label on them carries more signal. Never chosen by the oracle: humans have none.
import { distance } from 'fastest-levenshtein';

export type PairStrategy = 'diverse' | 'first';

/** Levenshtein distance / the longer length: 0 for identical texts, 1 for nothing in common. */
export function textDistance(a: string, b: string): number {
  const n = Math.max(a.length, b.length);
  return n === 0 ? 0 : distance(a, b) / n;
}

/**
 * Up to `pairs` pairs of distinct texts among `samples` (indices into it), most different first (`diverse`), or
 * the first distinct ones in order (`first`: what two samples per prompt gave before). Identical texts never pair.
 */
export function selectPairs(texts: string[], opts: { pairs?: number; strategy?: PairStrategy } = {}): [number, number][] {
  const want = opts.pairs ?? 1;
  const candidates: { i: number; j: number; d: number }[] = [];
  for (let i = 0; i < texts.length; i++)
    for (let j = i + 1; j < texts.length; j++) {
      if (texts[i] === texts[j]) continue;
      candidates.push({ i, j, d: opts.strategy === 'first' ? 0 : textDistance(texts[i], texts[j]) });
    }
  if (opts.strategy !== 'first') candidates.sort((x, y) => y.d - x.d || x.i - y.i || x.j - y.j);
  return candidates.slice(0, want).map(({ i, j }) => [i, j]);
}
