import { useCallback } from 'react';
import type { CreatedToken, CreateTokenRequest, TokenInfo } from '../../../shared/schemas/auth';
import { api } from '../api/endpoints';
import { errorMessage } from '../api/http';
import { usePagedList } from './usePagedList';

/** Every user's API tokens (admin view), one page at a time, with create (the secret comes back once) and revoke. */
export function useTokens() {
  const { items, setError, reload, ...list } = usePagedList(api.tokens);

  const create = useCallback(
    async (input: CreateTokenRequest): Promise<CreatedToken> => {
      const created = await api.createToken(input);
      reload();
      return created;
    },
    [reload],
  );

  const revoke = useCallback(
    async (token: TokenInfo) => {
      try {
        await api.revokeToken(token.id);
        reload();
      } catch (err) {
        setError(errorMessage(err));
      }
    },
    [reload, setError],
  );

  return { ...list, tokens: items, create, revoke };
}
