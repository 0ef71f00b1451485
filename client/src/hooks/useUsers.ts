import { useCallback, useEffect, useState } from 'react';
import type { CreateUserRequest, PublicUser } from '../../../shared/schemas/auth';
import type { Page } from '../../../shared/schemas/common';
import { api } from '../api/endpoints';
import { errorMessage } from '../api/http';

const PAGE_SIZE = 25;

/** The user list, one page at a time, with create and enable/disable. */
export function useUsers() {
  const [page, setPage] = useState<Page<PublicUser> | null>(null);
  const [offset, setOffset] = useState(0);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => {
    api.users(PAGE_SIZE, offset).then(
      (next) => {
        setPage(next);
        setError(null);
      },
      (err) => setError(errorMessage(err)),
    );
  }, [offset]);

  useEffect(load, [load]);

  const create = useCallback(
    async (input: CreateUserRequest) => {
      await api.createUser(input);
      load();
    },
    [load],
  );

  const setDisabled = useCallback(
    async (user: PublicUser, disabled: boolean) => {
      try {
        await api.updateUser(user.id, { disabled });
        load();
      } catch (err) {
        setError(errorMessage(err));
      }
    },
    [load],
  );

  const total = page?.total ?? 0;
  return {
    users: page?.items ?? [],
    total,
    offset,
    pageSize: PAGE_SIZE,
    error,
    create,
    setDisabled,
    previous: offset > 0 ? () => setOffset(Math.max(0, offset - PAGE_SIZE)) : null,
    next: offset + PAGE_SIZE < total ? () => setOffset(offset + PAGE_SIZE) : null,
  };
}
