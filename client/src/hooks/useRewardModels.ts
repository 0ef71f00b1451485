import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/endpoints';
import { ApiRequestError, errorMessage } from '../api/http';
import { queryKeys } from '../api/queryClient';

const PAGE_SIZE = 100;

/**
 * Reward-model versions (newest first) and activation. A version worse on held-out accuracy than the active
 * one is refused with 409 not_better; `needsForce` then names it, so the page can offer "activate anyway".
 */
export function useRewardModels() {
  const client = useQueryClient();
  const query = useQuery({ queryKey: queryKeys.rewardModels, queryFn: () => api.rewardModels(PAGE_SIZE, 0) });
  const activate = useMutation({
    mutationFn: ({ id, force }: { id: number; force: boolean }) => api.activateRewardModel(id, force),
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.rewardModels }),
  });
  const refused = activate.error instanceof ApiRequestError && activate.error.code === 'not_better';
  return {
    models: query.data?.items ?? [],
    total: query.data?.total ?? 0,
    loading: query.isPending,
    error: query.error ? errorMessage(query.error) : null,
    activate: (id: number, force = false) => activate.mutate({ id, force }),
    activating: activate.isPending ? (activate.variables?.id ?? null) : null,
    activateError: activate.error ? errorMessage(activate.error) : null,
    needsForce: refused ? (activate.variables?.id ?? null) : null,
  };
}
