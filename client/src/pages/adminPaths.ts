import { hrefOf } from '../hooks/useRoute';

/** The admin area's pages: `#/admin`, `#/admin/runs`, `#/admin/runs/:id`, `#/admin/models`, `#/admin/leaderboard`, `#/admin/data`,
 * `#/admin/annotators`, `#/admin/annotators/:id`. */
export type AdminView =
  | { page: 'overview' }
  | { page: 'runs' }
  | { page: 'run'; id: number }
  | { page: 'models' }
  | { page: 'leaderboard' }
  | { page: 'data' }
  | { page: 'annotators' }
  | { page: 'annotator'; id: number };

const isId = (segment: string) => /^[1-9]\d*$/.test(segment);

/** The page a sub-path names, or null for one that names none. */
export function adminViewOf(rest: readonly string[]): AdminView | null {
  const [section, id, ...more] = rest;
  if (more.length > 0) return null;
  if (section === undefined) return { page: 'overview' };
  if (section === 'models' && id === undefined) return { page: 'models' };
  if (section === 'leaderboard' && id === undefined) return { page: 'leaderboard' };
  if (section === 'data' && id === undefined) return { page: 'data' };
  if (section === 'annotators') return id === undefined ? { page: 'annotators' } : isId(id) ? { page: 'annotator', id: Number(id) } : null;
  if (section !== 'runs') return null;
  if (id === undefined) return { page: 'runs' };
  return isId(id) ? { page: 'run', id: Number(id) } : null;
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
    case 'data':
      return hrefOf('admin', 'data');
    case 'annotators':
      return hrefOf('admin', 'annotators');
    case 'annotator':
      return hrefOf('admin', 'annotators', view.id);
  }
}
