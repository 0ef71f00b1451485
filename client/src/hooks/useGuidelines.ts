import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/endpoints';
import { errorMessage } from '../api/http';
import { queryKeys } from '../api/queryClient';

/** The guidelines markdown: everyone reads it (refetched on each mount: no event announces a change), admins save it. */
export function useGuidelines() {
  const client = useQueryClient();
  const query = useQuery({ queryKey: queryKeys.guidelines, queryFn: () => api.guidelines(), staleTime: 0 });
  const save = useMutation({
    mutationFn: (markdown: string) => api.saveGuidelines(markdown),
    onSuccess: (saved) => client.setQueryData(queryKeys.guidelines, saved),
  });

  return {
    markdown: query.data?.markdown ?? null,
    error: query.error ? errorMessage(query.error) : null,
    /** Resolves once saved (the cache then holds the server's copy), or rejects with the server's reason. */
    save: save.mutateAsync,
  };
}
