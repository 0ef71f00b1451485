import { useQuery } from '@tanstack/react-query';
import { ROUTES } from '../../../shared/contract';
import { call } from '../api/call';
import { errorMessage } from '../api/http';
import { annotatorKeys } from './useAnnotators';

/** One annotator: figures, κ with each annotator they share pairs with, recent labels. */
export function useAnnotatorDetail(id: number) {
  const query = useQuery({
    queryKey: annotatorKeys.one(id),
    queryFn: ({ signal }) => call(ROUTES.adminAnnotator, { params: { id }, signal }),
  });
  return { detail: query.data ?? null, loading: query.isPending, error: query.error ? errorMessage(query.error) : null };
}
