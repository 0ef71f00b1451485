import { BuildComparisonsPanel } from '../components/admin/BuildComparisonsPanel';
import { CountsPanel } from '../components/admin/CountsPanel';
import { GuidelinesEditor } from '../components/admin/GuidelinesEditor';
import { ImportPanel } from '../components/admin/ImportPanel';
import { SettingsPanel } from '../components/admin/SettingsPanel';
import { UsersPanel } from '../components/admin/UsersPanel';
import { useAdminCounts } from '../hooks/useAdminCounts';

/** Admin: live counts, users, data import, comparisons, queue settings, guidelines. */
export function AdminPage() {
  const counts = useAdminCounts();
  return (
    <main className="page admin" data-testid="admin-page">
      <CountsPanel counts={counts} />
      <div className="admin-grid">
        <ImportPanel />
        <BuildComparisonsPanel />
      </div>
      <UsersPanel />
      <SettingsPanel />
      <GuidelinesEditor />
    </main>
  );
}
