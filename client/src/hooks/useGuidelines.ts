import { useCallback, useEffect, useState } from 'react';
import { api } from '../api/endpoints';
import { errorMessage } from '../api/http';

/** The guidelines markdown: everyone reads it, admins save it. */
export function useGuidelines() {
  const [markdown, setMarkdown] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api.guidelines().then(
      (g) => setMarkdown(g.markdown),
      (err) => setError(errorMessage(err)),
    );
  }, []);

  const save = useCallback(async (next: string) => {
    const saved = await api.saveGuidelines(next);
    setMarkdown(saved?.markdown ?? next);
  }, []);

  return { markdown, error, save };
}
