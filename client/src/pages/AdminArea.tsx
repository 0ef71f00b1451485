import { AdminNav } from '../components/admin/AdminNav';
import { useLiveJobCache } from '../hooks/useLiveJobCache';
import { AdminPage } from './AdminPage';
import { AnnotatorPage } from './AnnotatorPage';
import { AnnotatorsPage } from './AnnotatorsPage';
import { adminViewOf } from './adminPaths';
import { DataPage } from './DataPage';
import { LeaderboardPage } from './LeaderboardPage';
import { ModelsPage } from './ModelsPage';
import { RunPage } from './RunPage';
import { RunsPage } from './RunsPage';

/** The admin pages under #/admin/…, with their section bar; socket events keep their cached data live. */
export function AdminArea({ rest, onOpenRun }: { rest: readonly string[]; onOpenRun: (id: number) => void }) {
  useLiveJobCache();
  const view = adminViewOf(rest);
  if (!view) {
    return (
      <>
        <AdminNav current={null} />
        <main className="page">
          <p className="notice" role="alert" data-testid="admin-not-found">
            No admin page at #/admin/{rest.join('/')}.
          </p>
        </main>
      </>
    );
  }
  return (
    <>
      <AdminNav current={view.page} />
      {view.page === 'overview' && <AdminPage />}
      {view.page === 'runs' && <RunsPage />}
      {view.page === 'run' && <RunPage key={view.id} id={view.id} onOpenRun={onOpenRun} />}
      {view.page === 'models' && <ModelsPage onOpenRun={onOpenRun} />}
      {view.page === 'leaderboard' && <LeaderboardPage />}
      {view.page === 'data' && <DataPage />}
      {view.page === 'annotators' && <AnnotatorsPage />}
      {view.page === 'annotator' && <AnnotatorPage key={view.id} id={view.id} />}
    </>
  );
}
