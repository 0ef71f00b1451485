import { type FormEvent, useState } from 'react';
import { formatsFor, type ImportForm, type ImportKind, useImport } from '../../hooks/useImport';
import { ImportContentField } from './ImportContentField';
import { ImportResultLine } from './ImportResultLine';

const FORMAT_NAMES: Record<string, string> = {
  jsonl: 'JSONL',
  csv: 'CSV',
  lines: 'Plain lines',
  alpacafarm: 'AlpacaFarm JSON',
};

const initial: ImportForm = { kind: 'responses', format: 'alpacafarm', content: '', model: '', buildComparisons: true };

/** Paste or upload prompts, or one model's responses to prompts (matched by prompt text). */
export function ImportPanel() {
  const [form, setForm] = useState<ImportForm>(initial);
  const importer = useImport();
  const update = (change: Partial<ImportForm>) => setForm((prev) => ({ ...prev, ...change }));

  const setKind = (kind: ImportKind) => update({ kind, format: formatsFor(kind)[0] });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (await importer.run(form)) update({ content: '' });
  };

  return (
    <section className="card admin-section" aria-labelledby="import-title">
      <header className="section-head">
        <h2 id="import-title">Import</h2>
      </header>
      <form className="stack" onSubmit={submit} data-testid="import-form">
        <div className="inline-form">
          <label className="field">
            <span>What</span>
            <select value={form.kind} onChange={(e) => setKind(e.target.value as ImportKind)} data-testid="import-kind">
              <option value="responses">Model responses</option>
              <option value="prompts">Prompts</option>
            </select>
          </label>
          <label className="field">
            <span>Format</span>
            <select
              value={form.format}
              onChange={(e) => update({ format: e.target.value as ImportForm['format'] })}
              data-testid="import-format"
            >
              {formatsFor(form.kind).map((format) => (
                <option key={format} value={format}>
                  {FORMAT_NAMES[format] ?? format}
                </option>
              ))}
            </select>
          </label>
          {form.kind === 'responses' && (
            <label className="field">
              <span>Model name</span>
              <input
                value={form.model}
                onChange={(e) => update({ model: e.target.value })}
                required
                placeholder="e.g. sft-v1"
                data-testid="import-model"
              />
            </label>
          )}
          {form.kind === 'responses' && (
            <label className="checkbox">
              <input
                type="checkbox"
                checked={form.buildComparisons}
                onChange={(e) => update({ buildComparisons: e.target.checked })}
                data-testid="import-build"
              />
              <span>Pair with other models' responses</span>
            </label>
          )}
        </div>
        <ImportContentField form={form} onChange={update} />
        <div className="form-actions">
          <button
            type="submit"
            className="btn btn-primary"
            disabled={importer.busy || !form.content.trim()}
            data-testid="import-submit"
          >
            {importer.busy ? 'Importing…' : 'Import'}
          </button>
          <ImportResultLine result={importer.result} error={importer.error} />
        </div>
      </form>
    </section>
  );
}
