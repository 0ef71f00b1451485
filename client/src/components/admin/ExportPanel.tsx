import { type FormEvent, useState } from 'react';
import { EXPORT_FORMATS, EXPORT_MODES } from '../../../../shared/schemas/exports';
import { errorMessage } from '../../api/http';
import { useSnapshots } from '../../hooks/useSnapshots';
import { TextField } from '../TextField';
import { EMPTY_EXPORT_FORM, type ExportForm, exportQueryOf, exportUrl } from './exportQuery';
import { SnapshotsTable } from './SnapshotsTable';

/** Labels as a file in a trainer's format (format + filters → a download link), or frozen as a named snapshot. */
export function ExportPanel() {
  const [form, setForm] = useState<ExportForm>(EMPTY_EXPORT_FORM);
  const [name, setName] = useState('');
  const [message, setMessage] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
  const snapshots = useSnapshots();
  const set = <K extends keyof ExportForm>(key: K) => (value: ExportForm[K]) => setForm((f) => ({ ...f, [key]: value }));

  const freeze = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const s = await snapshots.create({ name: name.trim(), ...exportQueryOf(form) });
      setMessage({ tone: 'ok', text: `Snapshot ${s.name} v${s.version}: ${s.rows} rows, sha256 ${s.sha256.slice(0, 12)}…` });
      setName('');
    } catch (err) {
      setMessage({ tone: 'error', text: errorMessage(err) });
    }
  };

  return (
    <section className="card admin-section" aria-labelledby="export-title" data-testid="export-panel">
      <header className="section-head">
        <h2 id="export-title">Export</h2>
      </header>
      <div className="inline-form" data-testid="export-form">
        <label className="field">
          <span>Format</span>
          <select value={form.format} onChange={(e) => set('format')(e.target.value as ExportForm['format'])} data-testid="export-format">
            {EXPORT_FORMATS.map((f) => (
              <option key={f} value={f}>
                {f}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Pairs</span>
          <select value={form.mode} onChange={(e) => set('mode')(e.target.value as ExportForm['mode'])} data-testid="export-mode">
            {EXPORT_MODES.map((m) => (
              <option key={m} value={m}>
                {m === 'each_label' ? 'one per label' : 'one per comparison (majority)'}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Kind</span>
          <select value={form.kind} onChange={(e) => set('kind')(e.target.value as ExportForm['kind'])} data-testid="export-kind">
            <option value="">any</option>
            <option value="train">train</option>
            <option value="eval">eval</option>
            <option value="gold">gold</option>
          </select>
        </label>
        <TextField label="Since" type="date" value={form.since} onValue={set('since')} testId="export-since" />
        <TextField label="Until" type="date" value={form.until} onValue={set('until')} testId="export-until" />
        <TextField label="Policy version" type="number" min={1} value={form.policyVersion} onValue={set('policyVersion')} testId="export-policy-version" />
        <TextField label="Min agreement (0–1)" type="number" min={0} max={1} step={0.05} value={form.minAgreement} onValue={set('minAgreement')} testId="export-min-agreement" />
        <a className="btn btn-primary" href={exportUrl(form)} download data-testid="export-download">
          Download
        </a>
      </div>
      <form className="inline-form" onSubmit={freeze} aria-label="Create snapshot" data-testid="snapshot-form">
        <TextField label="Snapshot name" value={name} onValue={setName} placeholder="prefs-2030-01" maxLength={64} required testId="snapshot-name" />
        <button type="submit" className="btn" data-testid="snapshot-create">
          Freeze as snapshot
        </button>
        {message && (
          <p className={`form-message tone-${message.tone}`} role="status" data-testid="snapshot-result">
            {message.text}
          </p>
        )}
      </form>
      {snapshots.error && <p className="tone-error">{snapshots.error}</p>}
      <SnapshotsTable {...snapshots} />
    </section>
  );
}
