import { useCallback, useEffect, useState } from 'react';
import type { MyProgress } from '../../../shared/schemas/queue';
import { api } from '../api/endpoints';
import { useServerEvent } from './useServerEvent';

/** The annotator's own counts: fetched once, then pushed by the server on `progress:mine`. */
export function useMyProgress() {
  const [progress, setProgress] = useState<MyProgress | null>(null);

  useEffect(() => {
    api.myProgress().then(setProgress, () => setProgress(null));
  }, []);

  useServerEvent('progress:mine', setProgress);

  /** Count a new label at once; the server's next push corrects anything this gets wrong. */
  const countLabel = useCallback(() => {
    setProgress((p) => (p ? { ...p, labeled: p.labeled + 1, available: Math.max(0, p.available - 1) } : p));
  }, []);

  return { progress, countLabel };
}
