import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ROUTES } from '../../../shared/contract';
import type { PublicUser } from '../../../shared/schemas/auth';
import { call } from '../api/call';
import { api } from '../api/endpoints';
import { errorMessage } from '../api/http';

export const annotatorKeys = {
  all: ['annotators'] as const,
  page: (offset: number, limit: number) => ['annotators', 'page', offset, limit] as const,
  one: (id: number) => ['annotators', 'one', id] as const,
};

/** Disables or re-enables an annotator (the users route); every annotator view is refetched after. */
export function useSetDisabled() {
  const client = useQueryClient();
  const mutation = useMutation({
    mutationFn: ({ user, disabled }: { user: PublicUser; disabled: boolean }) => api.updateUser(user.id, { disabled }),
    onSettled: () => client.invalidateQueries({ queryKey: annotatorKeys.all }),
  });
  return {
    setDisabled: (user: PublicUser, disabled: boolean) => mutation.mutate({ user, disabled }),
    busyId: mutation.isPending ? (mutation.variables?.user.id ?? null) : null,
    error: mutation.error ? errorMessage(mutation.error) : null,
  };
}

/** A page of annotators with their figures, κ between them and the overall agreement (computed by the server). */
export function useAnnotators(pageSize = 25) {
  const [offset, setOffset] = useState(0);
  const query = useQuery({
    queryKey: annotatorKeys.page(offset, pageSize),
    queryFn: ({ signal }) => call(ROUTES.adminAnnotators, { query: { limit: pageSize, offset }, signal }),
    placeholderData: keepPreviousData,
  });
  const total = query.data?.total ?? 0;
  return {
    page: query.data ?? null,
    loading: query.isPending,
    refreshing: query.isFetching && !query.isPending,
    error: query.error ? errorMessage(query.error) : null,
    refresh: () => void query.refetch(),
    offset,
    pageSize,
    previous: offset > 0 ? () => setOffset(Math.max(0, offset - pageSize)) : null,
    next: offset + pageSize < total ? () => setOffset(offset + pageSize) : null,
  };
}
