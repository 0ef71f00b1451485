import { useCallback } from 'react';
import type { CreateUserRequest, PublicUser } from '../../../shared/schemas/auth';
import { api } from '../api/endpoints';
import { errorMessage } from '../api/http';
import { usePagedList } from './usePagedList';

/** The user list, one page at a time, with create and enable/disable. */
export function useUsers() {
  const { items, setError, reload, ...list } = usePagedList(api.users);

  const create = useCallback(
    async (input: CreateUserRequest) => {
      await api.createUser(input);
      reload();
    },
    [reload],
  );

  const setDisabled = useCallback(
    async (user: PublicUser, disabled: boolean) => {
      try {
        await api.updateUser(user.id, { disabled });
        reload();
      } catch (err) {
        setError(errorMessage(err));
      }
    },
    [reload, setError],
  );

  return { ...list, users: items, create, setDisabled };
}
