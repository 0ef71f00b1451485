import { useCallback, useEffect, useState } from 'react';

/**
 * The pages, addressed by the URL hash (`#/annotate`, `#/admin/runs/12`), so the server needs no SPA fallback
 * route. `route` is the first segment; `rest` the sub-path a page reads itself (the admin area: adminPaths.ts).
 */
export const ROUTES = ['login', 'annotate', 'admin'] as const;
export type Route = (typeof ROUTES)[number];

interface Location {
  route: Route | null;
  rest: readonly string[];
}

function readLocation(): Location {
  const [name, ...rest] = window.location.hash
    .replace(/^#\/?/, '')
    .split('?')[0]
    .split('/')
    .filter((segment) => segment !== '');
  const route = (ROUTES as readonly string[]).includes(name) ? (name as Route) : null;
  return { route, rest: route ? rest.map(decodeURIComponent) : [] };
}

/** `#/admin/runs/12` from ('admin', 'runs', 12). */
export const hrefOf = (route: Route, ...rest: (string | number)[]): string =>
  `#/${[route, ...rest.map((s) => encodeURIComponent(String(s)))].join('/')}`;

export function useRoute(): {
  route: Route | null;
  rest: readonly string[];
  navigate: (route: Route, ...rest: (string | number)[]) => void;
} {
  const [location, setLocation] = useState<Location>(readLocation);

  useEffect(() => {
    const onHashChange = () => setLocation(readLocation());
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, []);

  const navigate = useCallback((route: Route, ...rest: (string | number)[]) => {
    const href = hrefOf(route, ...rest);
    if (window.location.hash !== href) window.location.hash = href;
    setLocation(readLocation());
  }, []);

  return { route: location.route, rest: location.rest, navigate };
}
