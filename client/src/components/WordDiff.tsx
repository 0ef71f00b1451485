import { diffWords } from 'diff';
import { useMemo } from 'react';

export type DiffSide = 'left' | 'right';

/**
 * One side of a word diff between the two responses: words only on this side are highlighted, words only
 * on the other side are left out. Every part is a React text node, so model text stays inert.
 */
export function WordDiff({ left, right, side }: { left: string; right: string; side: DiffSide }) {
  const parts = useMemo(() => diffWords(left, right), [left, right]);
  return (
    <div className="word-diff" data-testid={`diff-${side}`}>
      {parts.map((part, i) => {
        if (side === 'left' && part.added) return null;
        if (side === 'right' && part.removed) return null;
        const changed = part.added || part.removed;
        return changed ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: parts are positional and never reordered
          <mark key={i} className={`diff-${side === 'left' ? 'removed' : 'added'}`}>
            {part.value}
          </mark>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: as above
          <span key={i}>{part.value}</span>
        );
      })}
    </div>
  );
}
