import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { api } from '../api/endpoints';
import { errorMessage } from '../api/http';
import { queryKeys } from '../api/queryClient';
import { useServerEvent } from './useServerEvent';
import { useSocketReconnect } from './useSocketReconnect';

/**
 * Platform and queue counts: fetched on mount, then kept live by `admin:counts` and `queue:counts`, and
 * refetched after a reconnect (events may have been missed).
 */
export function useAdminCounts() {
  const client = useQueryClient();
  const platform = useQuery({ queryKey: queryKeys.adminCounts, queryFn: () => api.adminCounts(), staleTime: 0 });
  const queue = useQuery({ queryKey: queryKeys.queueCounts, queryFn: () => api.queueCounts(), staleTime: 0 });

  const refresh = useCallback(() => {
    void client.invalidateQueries({ queryKey: queryKeys.adminCounts });
    void client.invalidateQueries({ queryKey: queryKeys.queueCounts });
  }, [client]);

  useSocketReconnect(refresh);
  useServerEvent('admin:counts', (counts) => client.setQueryData(queryKeys.adminCounts, counts));
  useServerEvent('queue:counts', (counts) => client.setQueryData(queryKeys.queueCounts, counts));

  const failed = platform.error ?? queue.error;
  return {
    counts: platform.data ?? null,
    queue: queue.data ?? null,
    error: failed ? errorMessage(failed) : null,
    refresh,
  };
}
