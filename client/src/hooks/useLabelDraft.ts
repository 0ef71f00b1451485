import { useCallback, useState } from 'react';
import type { Pick } from '../../../shared/schemas/labels';

/** Picks that say one side is better; only these carry a strength (Llama 2 scale 0..3). */
export const isPreference = (pick: Pick | null): boolean => pick === 'left' || pick === 'right';

interface Draft {
  assignmentId: number | null;
  pick: Pick | null;
  strength: number | null;
  rationale: string;
}

const empty = (assignmentId: number | null): Draft => ({ assignmentId, pick: null, strength: null, rationale: '' });

/**
 * The annotator's unsent answer for the pair on screen. It belongs to one assignment, so a new pair starts
 * blank without an effect (no frame showing the old answer). A preference needs a strength before it can
 * be sent; tie and both-bad do not (sent as 0).
 */
export function useLabelDraft(assignmentId: number | null) {
  const [stored, setStored] = useState<Draft>(() => empty(assignmentId));
  const draft = stored.assignmentId === assignmentId ? stored : empty(assignmentId);

  const update = useCallback(
    (change: Partial<Draft>) =>
      setStored((prev) => ({ ...(prev.assignmentId === assignmentId ? prev : empty(assignmentId)), ...change })),
    [assignmentId],
  );

  const choose = useCallback(
    (pick: Pick) => update(isPreference(pick) ? { pick } : { pick, strength: null }),
    [update],
  );
  const rate = useCallback((strength: number) => update({ strength }), [update]);
  const setRationale = useCallback((rationale: string) => update({ rationale }), [update]);

  const { pick, strength, rationale } = draft;
  const complete = pick !== null && (!isPreference(pick) || strength !== null);
  return { pick, strength, rationale, choose, rate, setRationale, complete };
}
