import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ROUTES } from '../../../shared/contract';
import type { DataFilter, GoldPairCreate, GoldPairEdit } from '../../../shared/schemas/data';
import { call } from '../api/call';
import { errorMessage } from '../api/http';

export const DATA_PAGE_SIZE = 20;
/** Every Data page query starts with this key: a change invalidates them all. */
export const DATA_KEY = ['data'] as const;

/** One page of filtered comparisons with their labels, and the admin's changes to them (retire, gold pairs). */
export function useDataComparisons(filter: DataFilter, offset: number) {
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: [...DATA_KEY, 'comparisons', filter, offset],
    queryFn: () => call(ROUTES.dataComparisons, { query: { ...filter, limit: DATA_PAGE_SIZE, offset } }),
    placeholderData: keepPreviousData,
  });
  const onSuccess = () => queryClient.invalidateQueries({ queryKey: DATA_KEY });
  const retire = useMutation({ mutationFn: (id: number) => call(ROUTES.dataRetire, { params: { id } }), onSuccess });
  const createGold = useMutation({ mutationFn: (body: GoldPairCreate) => call(ROUTES.dataGoldCreate, { body }), onSuccess });
  const editGold = useMutation({
    mutationFn: ({ id, edit }: { id: number; edit: GoldPairEdit }) => call(ROUTES.dataGoldEdit, { params: { id }, body: edit }),
    onSuccess,
  });
  const failed = query.error ?? retire.error ?? editGold.error;
  return {
    comparisons: query.data?.items ?? [],
    total: query.data?.total ?? 0,
    loading: query.isPending,
    error: failed ? errorMessage(failed) : null,
    retire: (id: number) => retire.mutate(id),
    createGold: createGold.mutateAsync,
    editGold: (id: number, edit: GoldPairEdit) => editGold.mutate({ id, edit }),
    busy: retire.isPending || editGold.isPending,
  };
}
