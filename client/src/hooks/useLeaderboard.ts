import { useQuery } from '@tanstack/react-query';
import { api } from '../api/endpoints';
import { errorMessage } from '../api/http';
import { queryKeys } from '../api/queryClient';

/** The Bradley–Terry leaderboard of policy versions (the server fits it in a worker); refresh recomputes it. */
export function useLeaderboard() {
  const query = useQuery({ queryKey: queryKeys.leaderboard, queryFn: () => api.leaderboard() });
  return {
    board: query.data ?? null,
    loading: query.isPending,
    refreshing: query.isFetching && !query.isPending,
    error: query.error ? errorMessage(query.error) : null,
    refresh: () => void query.refetch(),
  };
}
