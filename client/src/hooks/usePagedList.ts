import { keepPreviousData, type QueryKey, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { Page } from '../../../shared/schemas/common';
import { errorMessage } from '../api/http';

/**
 * One page of an admin list at a time, cached under [...key, 'page', offset, pageSize]: previous / next, the page
 * on screen kept while the next loads, and the load error. A change invalidates `key` (all pages). Nothing pushes
 * these lists, so each mount refetches (staleTime 0) while showing the cached page.
 */
export function usePagedList<T>(key: QueryKey, fetchPage: (limit: number, offset: number) => Promise<Page<T>>, pageSize = 25) {
  const [offset, setOffset] = useState(0);
  const query = useQuery({
    queryKey: [...key, 'page', offset, pageSize],
    queryFn: () => fetchPage(pageSize, offset),
    placeholderData: keepPreviousData,
    staleTime: 0,
  });

  const total = query.data?.total ?? 0;
  return {
    items: query.data?.items ?? [],
    total,
    offset,
    pageSize,
    loading: query.isPending,
    error: query.error ? errorMessage(query.error) : null,
    previous: offset > 0 ? () => setOffset(Math.max(0, offset - pageSize)) : null,
    next: offset + pageSize < total ? () => setOffset(offset + pageSize) : null,
  };
}
