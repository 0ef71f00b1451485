import { useCallback, useEffect, useState } from 'react';
import type { Page } from '../../../shared/schemas/common';
import { errorMessage } from '../api/http';

/** One page of an admin list at a time: load, reload after a change, previous / next, the last error. */
export function usePagedList<T>(fetchPage: (limit: number, offset: number) => Promise<Page<T>>, pageSize = 25) {
  const [page, setPage] = useState<Page<T> | null>(null);
  const [offset, setOffset] = useState(0);
  const [error, setError] = useState<string | null>(null);

  const reload = useCallback(() => {
    fetchPage(pageSize, offset).then(
      (next) => {
        setPage(next);
        setError(null);
      },
      (err) => setError(errorMessage(err)),
    );
  }, [fetchPage, pageSize, offset]);

  useEffect(reload, [reload]);

  const total = page?.total ?? 0;
  return {
    items: page?.items ?? [],
    total,
    offset,
    pageSize,
    error,
    setError,
    reload,
    previous: offset > 0 ? () => setOffset(Math.max(0, offset - pageSize)) : null,
    next: offset + pageSize < total ? () => setOffset(offset + pageSize) : null,
  };
}
