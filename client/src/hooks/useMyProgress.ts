import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useRef } from 'react';
import type { MyProgress } from '../../../shared/schemas/queue';
import { api } from '../api/endpoints';
import { queryKeys } from '../api/queryClient';
import { useServerEvent } from './useServerEvent';

/**
 * The annotator's own counts: fetched on mount, then pushed by the server on `progress:mine`. A new label counts at
 * once (`countLabel`), unless a push arrived while it was being sent: that push may already include it, so the
 * counts are fetched again instead of guessed.
 */
export function useMyProgress() {
  const client = useQueryClient();
  const query = useQuery({ queryKey: queryKeys.myProgress, queryFn: () => api.myProgress(), staleTime: 0 });
  const pushes = useRef(0);

  useServerEvent('progress:mine', (progress) => {
    pushes.current++;
    client.setQueryData(queryKeys.myProgress, progress);
  });

  /** A mark to take before sending a label, for `countLabel`. */
  const mark = useCallback(() => pushes.current, []);

  /** Count a label acknowledged after `since` (a `mark`). */
  const countLabel = useCallback(
    (since: number) => {
      if (pushes.current !== since) {
        void client.invalidateQueries({ queryKey: queryKeys.myProgress });
        return;
      }
      client.setQueryData<MyProgress>(queryKeys.myProgress, (p) =>
        p ? { ...p, labeled: p.labeled + 1, available: Math.max(0, p.available - 1) } : p,
      );
    },
    [client],
  );

  return { progress: query.data ?? null, mark, countLabel };
}
