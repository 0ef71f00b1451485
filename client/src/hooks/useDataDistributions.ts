import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { ROUTES } from '../../../shared/contract';
import type { DataFilter } from '../../../shared/schemas/data';
import { call } from '../api/call';
import { errorMessage } from '../api/http';
import { DATA_KEY } from './useDataComparisons';

/** Choice, strength and position-bias counts of the current labels under the Data page's filter. */
export function useDataDistributions(filter: DataFilter) {
  const query = useQuery({
    queryKey: [...DATA_KEY, 'distributions', filter],
    queryFn: () => call(ROUTES.dataDistributions, { query: filter }),
    placeholderData: keepPreviousData,
  });
  return { distributions: query.data ?? null, error: query.error ? errorMessage(query.error) : null };
}
