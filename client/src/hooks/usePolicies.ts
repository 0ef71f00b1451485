import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/endpoints';
import { errorMessage } from '../api/http';
import { queryKeys } from '../api/queryClient';

const PAGE_SIZE = 100;

/** Policy versions (newest first) and activation (an older one: a roll back). */
export function usePolicies() {
  const client = useQueryClient();
  const query = useQuery({ queryKey: queryKeys.policies, queryFn: () => api.policies(PAGE_SIZE, 0) });
  const activate = useMutation({
    mutationFn: (id: number) => api.activatePolicy(id),
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.policies }),
  });
  return {
    policies: query.data?.items ?? [],
    total: query.data?.total ?? 0,
    loading: query.isPending,
    error: query.error ? errorMessage(query.error) : null,
    activate: (id: number) => activate.mutate(id),
    activating: activate.isPending ? (activate.variables ?? null) : null,
    activateError: activate.error ? errorMessage(activate.error) : null,
  };
}
