import { useCallback, useEffect, useRef, useState } from 'react';
import type { AssignmentView } from '../../../shared/schemas/queue';
import { api } from '../api/endpoints';
import { errorMessage } from '../api/http';
import { newIdempotencyKey } from '../api/idempotency';
import { isTransient, retryDelayMs } from '../api/retry';
import { useServerEvent } from './useServerEvent';
import { useSocketReconnect } from './useSocketReconnect';

/** A leased pair plus the key every submit of it carries, however often it is retried. */
export interface BufferedPair {
  view: AssignmentView;
  idempotencyKey: string;
}

/** Pairs held locally: the one on screen plus the next, so submitting never waits on the network. */
const BUFFER_SIZE = 2;
/** the most POST /api/queue/next hands out at once */
const MAX_COUNT = 5;
/** A lease about to run out is not worth showing: the server would refuse the label. */
const LEASE_MARGIN_MS = 5_000;

const isLive = (pair: BufferedPair) => Date.parse(pair.view.expiresAt) - LEASE_MARGIN_MS > Date.now();

export type BufferState = 'loading' | 'ready' | 'empty';

export function usePairBuffer() {
  const [pairs, setPairs] = useState<BufferedPair[]>([]);
  const [loadedOnce, setLoadedOnce] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const pairsRef = useRef<BufferedPair[]>([]);
  const finished = useRef(new Set<number>());
  /** finished here, but perhaps still leased on the server (a skip that never arrived) */
  const unreleased = useRef(new Set<number>());
  const fetching = useRef(false);
  const fetchAgain = useRef(false);
  /** failed fetches in a row, and the timer of the next try (a 429 or a lost connection is tried again) */
  const failures = useRef(0);
  const retryTimer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const store = useCallback((next: BufferedPair[]) => {
    pairsRef.current = next;
    setPairs(next);
  }, []);

  const topUp = useCallback(async () => {
    if (fetching.current) {
      fetchAgain.current = true;
      return;
    }
    fetching.current = true;
    if (retryTimer.current) clearTimeout(retryTimer.current);
    retryTimer.current = null;
    try {
      do {
        fetchAgain.current = false;
        if (pairsRef.current.length >= BUFFER_SIZE) break;
        // The server returns this user's live leases first, then leases new pairs up to `count`:
        // asking for the whole buffer (plus leases we dropped without telling it) yields just enough new ones.
        const { assignments } = await api.nextPairs(Math.min(MAX_COUNT, BUFFER_SIZE + unreleased.current.size));
        const held = new Set(pairsRef.current.map((p) => p.view.assignmentId));
        const fresh = assignments
          .filter((a) => !held.has(a.assignmentId) && !finished.current.has(a.assignmentId))
          .map((view) => ({ view, idempotencyKey: newIdempotencyKey() }));
        store([...pairsRef.current, ...fresh]);
        setError(null);
        failures.current = 0;
      } while (fetchAgain.current);
    } catch (err) {
      setError(errorMessage(err));
      if (isTransient(err)) retryTimer.current = setTimeout(() => void topUp(), retryDelayMs(err, failures.current++));
    } finally {
      fetching.current = false;
      setLoadedOnce(true);
    }
  }, [store]);

  useEffect(() => {
    void topUp();
    return () => {
      if (retryTimer.current) clearTimeout(retryTimer.current);
    };
  }, [topUp]);

  useServerEvent('queue:available', () => void topUp());
  useSocketReconnect(() => void topUp());

  /** Drop the pair on screen (labelled or skipped) and show the next one at once. */
  const advance = useCallback(
    (assignmentId: number, released = true) => {
      finished.current.add(assignmentId);
      if (!released) unreleased.current.add(assignmentId);
      store(pairsRef.current.filter((p) => p.view.assignmentId !== assignmentId && isLive(p)));
      void topUp();
    },
    [store, topUp],
  );

  const current = pairs[0] ?? null;
  // A background refetch while empty keeps showing "empty" (no flicker); only the first load shows loading.
  const state: BufferState = current ? 'ready' : loadedOnce ? 'empty' : 'loading';
  return { current, buffered: pairs.length, state, error, advance, refresh: topUp };
}
