import { useCallback } from 'react';
import { ROUTES } from '../../../shared/contract';
import type { CreateSnapshot, Snapshot } from '../../../shared/schemas/snapshots';
import { call } from '../api/call';
import { usePagedList } from './usePagedList';

const fetchSnapshots = (limit: number, offset: number) => call(ROUTES.adminSnapshots, { query: { limit, offset } });

/** Dataset snapshots, newest first, one page at a time, with create (an export frozen on the server). */
export function useSnapshots() {
  const { items, reload, ...list } = usePagedList(fetchSnapshots, 10);

  const create = useCallback(
    async (input: CreateSnapshot): Promise<Snapshot> => {
      const created = await call(ROUTES.adminSnapshotCreate, { body: input });
      reload();
      return created;
    },
    [reload],
  );

  return { ...list, snapshots: items, create };
}
