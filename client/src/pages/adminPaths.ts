import { hrefOf } from '../hooks/useRoute';

/** The admin area's pages: `#/admin`, `#/admin/runs`, `#/admin/runs/:id`, `#/admin/models`, `#/admin/leaderboard`. */
export type AdminView = { page: 'overview' } | { page: 'runs' } | { page: 'run'; id: number } | { page: 'models' } | { page: 'leaderboard' };

/** The page a sub-path names, or null for one that names none. */
export function adminViewOf(rest: readonly string[]): AdminView | null {
  const [section, id, ...more] = rest;
  if (more.length > 0) return null;
  if (section === undefined) return { page: 'overview' };
  if (section === 'models' && id === undefined) return { page: 'models' };
  if (section === 'leaderboard' && id === undefined) return { page: 'leaderboard' };
  if (section !== 'runs') return null;
  if (id === undefined) return { page: 'runs' };
  return /^[1-9]\d*$/.test(id) ? { page: 'run', id: Number(id) } : null;
}

export function adminHref(view: AdminView): string {
  switch (view.page) {
    case 'overview':
      return hrefOf('admin');
    case 'runs':
      return hrefOf('admin', 'runs');
    case 'run':
      return hrefOf('admin', 'runs', view.id);
    case 'models':
      return hrefOf('admin', 'models');
    case 'leaderboard':
      return hrefOf('admin', 'leaderboard');
  }
}
