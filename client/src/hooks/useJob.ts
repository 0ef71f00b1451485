import { useQuery } from '@tanstack/react-query';
import { api } from '../api/endpoints';
import { errorMessage } from '../api/http';
import { queryKeys } from '../api/queryClient';

/** One job with its metric curves; `job:progress` events append to the curves (useLiveJobCache). */
export function useJob(id: number) {
  const query = useQuery({ queryKey: queryKeys.job(id), queryFn: ({ signal }) => api.job(id, signal) });
  return { job: query.data ?? null, loading: query.isPending, error: query.error ? errorMessage(query.error) : null };
}
