import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../api/endpoints';
import { ApiRequestError, errorMessage } from '../api/http';
import { isPreference, useLabelDraft } from './useLabelDraft';
import { useLabelSubmit } from './useLabelSubmit';
import { useMyProgress } from './useMyProgress';
import { usePairBuffer } from './usePairBuffer';

/** The pair is gone on the server (lease expired, already labelled): nothing to retry, move on. */
const isGone = (error: unknown) => error instanceof ApiRequestError && [404, 409, 410].includes(error.status);

/** Everything the annotate page does: the pair on screen, the answer being built, sending it, skipping. */
export function useAnnotator() {
  const buffer = usePairBuffer();
  const pair = buffer.current;
  const assignmentId = pair?.view.assignmentId ?? null;
  const draft = useLabelDraft(assignmentId);
  const sender = useLabelSubmit();
  const { progress, mark, countLabel } = useMyProgress();
  const [notice, setNotice] = useState<string | null>(null);
  const shown = useRef({ assignmentId, at: performance.now() });
  const busy = useRef(false);

  // Time on a pair counts from the moment it is on screen.
  useEffect(() => {
    shown.current = { assignmentId, at: performance.now() };
  }, [assignmentId]);

  const submit = useCallback(async () => {
    if (!pair || !draft.complete || busy.current) return;
    busy.current = true;
    setNotice(null);
    const { pick, strength, rationale } = draft;
    const since = mark();
    try {
      const ack = await sender.submit({
        assignmentId: pair.view.assignmentId,
        pick: pick ?? 'tie',
        strength: isPreference(pick) ? (strength ?? 0) : 0,
        rationale: rationale.trim() || undefined,
        timeMs: Math.round(performance.now() - shown.current.at),
        idempotencyKey: pair.idempotencyKey,
      });
      if (!ack) return;
      if (!ack.duplicate) countLabel(since);
      buffer.advance(pair.view.assignmentId);
    } catch (error) {
      if (isGone(error)) {
        setNotice(`That pair could not be saved (${errorMessage(error)}); here is the next one.`);
        sender.clearError();
        buffer.advance(pair.view.assignmentId);
      }
    } finally {
      busy.current = false;
    }
  }, [pair, draft, sender, mark, countLabel, buffer]);

  const skip = useCallback(async () => {
    if (!pair || busy.current) return;
    busy.current = true;
    setNotice(null);
    // A failed skip only means the lease runs out on its own; the annotator moves on either way.
    const released = await api.skip(pair.view.assignmentId).then(
      () => true,
      () => false,
    );
    busy.current = false;
    buffer.advance(pair.view.assignmentId, released);
  }, [pair, buffer]);

  return { buffer, pair, draft, sender, progress, notice, submit, skip };
}
