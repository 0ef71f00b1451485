import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { MyProgress } from '../../../shared/schemas/queue';
import { api } from '../api/endpoints';
import { queryKeys } from '../api/queryClient';
import { useServerEvent } from './useServerEvent';

/** The annotator's own counts: fetched on mount, then pushed by the server on `progress:mine`. */
export function useMyProgress() {
  const client = useQueryClient();
  const query = useQuery({ queryKey: queryKeys.myProgress, queryFn: () => api.myProgress(), staleTime: 0 });

  useServerEvent('progress:mine', (progress) => client.setQueryData(queryKeys.myProgress, progress));

  /** Count a new label at once; the server's next push corrects anything this gets wrong. */
  const countLabel = useCallback(() => {
    client.setQueryData<MyProgress>(queryKeys.myProgress, (p) =>
      p ? { ...p, labeled: p.labeled + 1, available: Math.max(0, p.available - 1) } : p,
    );
  }, [client]);

  return { progress: query.data ?? null, countLabel };
}
