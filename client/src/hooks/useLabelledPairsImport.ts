import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, type LabelledPairsInput } from '../api/endpoints';
import { errorMessage } from '../api/http';
import { queryKeys } from '../api/queryClient';

/** Sends one file of already-labelled pairs (HH, TRL) and keeps what the import stored. */
export function useLabelledPairsImport() {
  const client = useQueryClient();
  const mutation = useMutation({
    mutationFn: (input: LabelledPairsInput) => api.importLabelledPairs(input),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.rewardModels }),
  });
  return {
    run: (input: LabelledPairsInput) => mutation.mutateAsync(input).then(
      () => true,
      () => false,
    ),
    result: mutation.data ?? null,
    error: mutation.error ? errorMessage(mutation.error) : null,
    busy: mutation.isPending,
  };
}
