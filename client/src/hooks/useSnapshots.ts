import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ROUTES } from '../../../shared/contract';
import type { CreateSnapshot } from '../../../shared/schemas/snapshots';
import { call } from '../api/call';
import { queryKeys } from '../api/queryClient';
import { usePagedList } from './usePagedList';

const fetchSnapshots = (limit: number, offset: number) => call(ROUTES.adminSnapshots, { query: { limit, offset } });

/** Dataset snapshots, newest first, one page at a time, with create (an export frozen on the server). */
export function useSnapshots() {
  const client = useQueryClient();
  const { items, ...list } = usePagedList(queryKeys.snapshots, fetchSnapshots, 10);
  const create = useMutation({
    mutationFn: (input: CreateSnapshot) => call(ROUTES.adminSnapshotCreate, { body: input }),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.snapshots }),
  });

  return { ...list, snapshots: items, create: create.mutateAsync };
}
