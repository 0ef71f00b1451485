import { useCallback, useEffect, useRef, useState } from 'react';
import type { LabelAck, LabelSubmit } from '../../../shared/schemas/labels';
import { api } from '../api/endpoints';
import { errorMessage } from '../api/http';
import { isTransient, retryDelayMs } from '../api/retry';

export type SubmitPhase = 'idle' | 'saving' | 'retrying';

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Sends a label and resolves only with the server's ack. A lost connection, a 5xx or a 429 (no sooner than the
 * server asked) is retried with the same idempotency key for as long as the page is open, so a label is stored
 * once however often it is sent; any other 4xx is final and rejects. Returns null if the page was left before
 * the ack came.
 */
export function useLabelSubmit() {
  const [phase, setPhase] = useState<SubmitPhase>('idle');
  const [attempt, setAttempt] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const mounted = useRef(true);

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const submit = useCallback(async (label: LabelSubmit): Promise<LabelAck | null> => {
    setPhase('saving');
    setError(null);
    for (let tries = 0; mounted.current; tries++) {
      try {
        const ack = await api.submitLabel(label);
        setPhase('idle');
        setAttempt(0);
        return ack;
      } catch (err) {
        if (!isTransient(err)) {
          setPhase('idle');
          setAttempt(0);
          setError(errorMessage(err));
          throw err;
        }
        setPhase('retrying');
        setAttempt(tries + 1);
        await wait(retryDelayMs(err, tries));
      }
    }
    return null;
  }, []);

  return { submit, phase, attempt, error, clearError: () => setError(null) };
}
