import { useCallback, useEffect, useState } from 'react';
import { type QueueSettings, QueueSettingsSchema } from '../../../shared/schemas/queue';
import { api } from '../api/endpoints';
import { errorMessage } from '../api/http';

/** Queue settings (overlap k, gold rate, lease length), checked with the server's own schema before saving. */
export function useQueueSettings() {
  const [settings, setSettings] = useState<QueueSettings | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api.settings().then(setSettings, (err) => setError(errorMessage(err)));
  }, []);

  const save = useCallback(async (next: QueueSettings) => {
    const parsed = QueueSettingsSchema.safeParse(next);
    if (!parsed.success)
      throw new Error(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    const saved = await api.saveSettings(parsed.data);
    setSettings(saved ?? parsed.data);
  }, []);

  return { settings, error, save };
}
