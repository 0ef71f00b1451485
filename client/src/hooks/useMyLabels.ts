import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ROUTES } from '../../../shared/contract';
import type { LabelChange } from '../../../shared/schemas/label-review';
import { call } from '../api/call';
import { errorMessage } from '../api/http';

export const MY_LABELS_PAGE_SIZE = 10;
const KEY = ['my-labels'] as const;

/** The signed-in annotator's own labels, newest first, and changing one (the server keeps the old version). */
export function useMyLabels(offset: number) {
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: [...KEY, offset],
    queryFn: () => call(ROUTES.myLabels, { query: { limit: MY_LABELS_PAGE_SIZE, offset } }),
    placeholderData: keepPreviousData,
    staleTime: 0,
  });
  const change = useMutation({
    mutationFn: ({ assignmentId, body }: { assignmentId: number; body: LabelChange }) =>
      call(ROUTES.myLabelChange, { params: { id: assignmentId }, body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: KEY }),
  });
  const failed = query.error ?? change.error;
  return {
    labels: query.data?.items ?? [],
    total: query.data?.total ?? 0,
    loading: query.isPending,
    error: failed ? errorMessage(failed) : null,
    change: (assignmentId: number, body: LabelChange) => change.mutateAsync({ assignmentId, body }),
    saving: change.isPending,
  };
}
