import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CreateTokenRequest, TokenInfo } from '../../../shared/schemas/auth';
import { api } from '../api/endpoints';
import { errorMessage } from '../api/http';
import { queryKeys } from '../api/queryClient';
import { usePagedList } from './usePagedList';

/** Every user's API tokens (admin view), one page at a time, with create (the secret comes back once) and revoke. */
export function useTokens() {
  const client = useQueryClient();
  const { items, error, ...list } = usePagedList(queryKeys.tokens, api.tokens);
  const refetch = () => client.invalidateQueries({ queryKey: queryKeys.tokens });
  const create = useMutation({ mutationFn: (input: CreateTokenRequest) => api.createToken(input), onSuccess: refetch });
  const revoke = useMutation({ mutationFn: (token: TokenInfo) => api.revokeToken(token.id), onSettled: refetch });

  return {
    ...list,
    tokens: items,
    error: error ?? (revoke.error ? errorMessage(revoke.error) : null),
    /** Resolves to the new token with its secret, or rejects with the server's reason. */
    create: create.mutateAsync,
    revoke: (token: TokenInfo) => revoke.mutate(token),
  };
}
