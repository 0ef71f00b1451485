import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CreateUserRequest, PublicUser } from '../../../shared/schemas/auth';
import { api } from '../api/endpoints';
import { errorMessage } from '../api/http';
import { queryKeys } from '../api/queryClient';
import { annotatorKeys } from './useAnnotators';
import { usePagedList } from './usePagedList';

/** The user list, one page at a time, with create and enable/disable (the Annotators pages are refetched too). */
export function useUsers() {
  const client = useQueryClient();
  const { items, error, ...list } = usePagedList(queryKeys.users, api.users);
  const refetch = () =>
    Promise.all([
      client.invalidateQueries({ queryKey: queryKeys.users }),
      client.invalidateQueries({ queryKey: annotatorKeys.all }),
    ]);
  const create = useMutation({ mutationFn: (input: CreateUserRequest) => api.createUser(input), onSuccess: refetch });
  const update = useMutation({
    mutationFn: ({ user, disabled }: { user: PublicUser; disabled: boolean }) => api.updateUser(user.id, { disabled }),
    onSettled: refetch,
  });

  return {
    ...list,
    users: items,
    error: error ?? (update.error ? errorMessage(update.error) : null),
    create: async (input: CreateUserRequest) => {
      await create.mutateAsync(input);
    },
    setDisabled: (user: PublicUser, disabled: boolean) => update.mutate({ user, disabled }),
  };
}
