import { useCallback, useEffect, useState } from 'react';

/** The pages, addressed by the URL hash (`#/annotate`), so the server needs no SPA fallback route. */
export const ROUTES = ['login', 'annotate', 'admin'] as const;
export type Route = (typeof ROUTES)[number];

function readRoute(): Route | null {
  const name = window.location.hash.replace(/^#\/?/, '').split(/[/?]/)[0];
  return (ROUTES as readonly string[]).includes(name) ? (name as Route) : null;
}

export function useRoute(): { route: Route | null; navigate: (route: Route) => void } {
  const [route, setRoute] = useState<Route | null>(readRoute);

  useEffect(() => {
    const onHashChange = () => setRoute(readRoute());
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, []);

  const navigate = useCallback((next: Route) => {
    if (readRoute() !== next) window.location.hash = `#/${next}`;
    setRoute(next);
  }, []);

  return { route, navigate };
}
