import { useCallback, useEffect, useState } from 'react';
import type { AdminCounts } from '../../../shared/schemas/admin';
import type { QueueCounts } from '../../../shared/schemas/queue';
import { api } from '../api/endpoints';
import { errorMessage } from '../api/http';
import { useServerEvent } from './useServerEvent';
import { useSocketReconnect } from './useSocketReconnect';

/** Platform and queue counts: fetched once, then kept live by `admin:counts` and `queue:counts`. */
export function useAdminCounts() {
  const [counts, setCounts] = useState<AdminCounts | null>(null);
  const [queue, setQueue] = useState<QueueCounts | null>(null);
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(() => {
    Promise.all([api.adminCounts(), api.queueCounts()]).then(
      ([platform, queueCounts]) => {
        setCounts(platform);
        setQueue(queueCounts);
        setError(null);
      },
      (err) => setError(errorMessage(err)),
    );
  }, []);

  useEffect(refresh, [refresh]);
  useSocketReconnect(refresh);
  useServerEvent('admin:counts', setCounts);
  useServerEvent('queue:counts', setQueue);

  return { counts, queue, error, refresh };
}
