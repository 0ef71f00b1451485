import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, type JobsFilter } from '../api/endpoints';
import { errorMessage } from '../api/http';
import { queryKeys } from '../api/queryClient';

/** One page of jobs, newest first, filtered by status and/or kind (kept live by useLiveJobCache). */
export function useJobs(filter: JobsFilter) {
  const query = useQuery({
    queryKey: queryKeys.jobList(filter),
    queryFn: () => api.jobs(filter),
    placeholderData: keepPreviousData,
  });
  return {
    jobs: query.data?.items ?? [],
    total: query.data?.total ?? 0,
    loading: query.isPending,
    error: query.error ? errorMessage(query.error) : null,
  };
}
