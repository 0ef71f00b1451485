import { BuildComparisonsPanel } from '../components/admin/BuildComparisonsPanel';
import { CountsPanel } from '../components/admin/CountsPanel';
import { ExportPanel } from '../components/admin/ExportPanel';
import { GeneratePanel } from '../components/admin/GeneratePanel';
import { GuidelinesEditor } from '../components/admin/GuidelinesEditor';
import { ImportPanel } from '../components/admin/ImportPanel';
import { LabelledPairsPanel } from '../components/admin/LabelledPairsPanel';
import { SettingsPanel } from '../components/admin/SettingsPanel';
import { TokensPanel } from '../components/admin/TokensPanel';
import { UsersPanel } from '../components/admin/UsersPanel';
import { useAdminCounts } from '../hooks/useAdminCounts';

/** Admin overview: live counts, data import (prompts, responses, labelled pairs), comparisons, pairs from your own model (generate job), export and snapshots, users, API tokens, queue settings, guidelines. */
export function AdminPage() {
  const counts = useAdminCounts();
  return (
    <main className="page admin" data-testid="admin-page">
      <CountsPanel counts={counts} />
      <div className="admin-grid">
        <ImportPanel />
        <div className="admin-column">
          <BuildComparisonsPanel />
          <LabelledPairsPanel />
        </div>
      </div>
      <GeneratePanel />
      <ExportPanel />
      <UsersPanel />
      <TokensPanel />
      <SettingsPanel />
      <GuidelinesEditor />
    </main>
  );
}
