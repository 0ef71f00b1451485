import { type AdminView, adminHref } from '../../pages/adminPaths';

const SECTIONS = [
  { view: { page: 'overview' }, label: 'Overview' },
  { view: { page: 'runs' }, label: 'Runs' },
  { view: { page: 'models' }, label: 'Models' },
  { view: { page: 'leaderboard' }, label: 'Leaderboard' },
  { view: { page: 'data' }, label: 'Data' },
  { view: { page: 'annotators' }, label: 'Annotators' },
] as const satisfies readonly { view: AdminView; label: string }[];

/** The admin sections; a run page belongs to Runs, an annotator's page to Annotators. */
export function AdminNav({ current }: { current: AdminView['page'] | null }) {
  const section = current === 'run' ? 'runs' : current === 'annotator' ? 'annotators' : current;
  return (
    <nav className="subnav" aria-label="Admin sections">
      {SECTIONS.map(({ view, label }) => (
        <a
          key={view.page}
          href={adminHref(view)}
          className={section === view.page ? 'nav-link current' : 'nav-link'}
          aria-current={section === view.page ? 'page' : undefined}
          data-testid={`admin-nav-${view.page}`}
        >
          {label}
        </a>
      ))}
    </nav>
  );
}
