import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type QueueSettings, QueueSettingsSchema } from '../../../shared/schemas/queue';
import { api } from '../api/endpoints';
import { errorMessage } from '../api/http';
import { queryKeys } from '../api/queryClient';

/** Settings the server's own schema accepts, or an Error naming each bad field (nothing is sent). */
async function checked(next: QueueSettings): Promise<QueueSettings> {
  const parsed = QueueSettingsSchema.safeParse(next);
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return parsed.data;
}

/** Queue settings (overlap k, gold rate, lease length), checked with the server's own schema before saving. */
export function useQueueSettings() {
  const client = useQueryClient();
  const query = useQuery({ queryKey: queryKeys.queueSettings, queryFn: () => api.settings(), staleTime: 0 });
  const save = useMutation({
    mutationFn: async (next: QueueSettings) => api.saveSettings(await checked(next)),
    onSuccess: (saved) => client.setQueryData(queryKeys.queueSettings, saved),
  });

  return {
    settings: query.data ?? null,
    error: query.error ? errorMessage(query.error) : null,
    /** Resolves once saved (the cache then holds the server's copy), or rejects with the reason. */
    save: save.mutateAsync,
  };
}
