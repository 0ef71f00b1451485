import { type FormEvent, useState } from 'react';
import { AGREEMENTS, COMPARISON_STATUSES, type DataFilter, PAIRINGS } from '../../../../shared/schemas/data';
import { COMPARISON_KINDS } from '../../../../shared/schemas/queue';
import { FilterSelect } from '../runs/FilterSelect';
import { TextField } from '../TextField';
import { AnnotatorSelect } from './AnnotatorSelect';

/** Search text and model apply on submit (no request per keystroke); the selects at once. */
export function DataFilters({ filter, onChange }: { filter: DataFilter; onChange: (filter: DataFilter) => void }) {
  const [q, setQ] = useState(filter.q ?? '');
  const [model, setModel] = useState(filter.model ?? '');
  const set = (patch: Partial<DataFilter>) => onChange({ ...filter, ...patch });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    set({ q: q.trim() || undefined, model: model.trim() || undefined });
  };

  return (
    <form className="inline-form" onSubmit={submit} aria-label="Filter comparisons" data-testid="data-filters">
      <TextField label="Search text" type="search" value={q} onValue={setQ} maxLength={200} placeholder="prompt, response or rationale" testId="data-search" />
      <TextField label="Model" value={model} onValue={setModel} maxLength={200} placeholder="name or policy:vN" testId="data-model" />
      <button type="submit" className="btn btn-primary" data-testid="data-search-submit">
        Search
      </button>
      <FilterSelect label="Kind" value={filter.kind ?? ''} options={COMPARISON_KINDS} onChange={(v) => set({ kind: v || undefined })} testId="data-kind" />
      <FilterSelect label="Status" value={filter.status ?? ''} options={COMPARISON_STATUSES} onChange={(v) => set({ status: v || undefined })} testId="data-status" />
      <FilterSelect label="Agreement" value={filter.agreement ?? ''} options={AGREEMENTS} onChange={(v) => set({ agreement: v || undefined })} testId="data-agreement" />
      <FilterSelect label="Models" value={filter.pairing ?? ''} options={PAIRINGS} onChange={(v) => set({ pairing: v || undefined })} testId="data-pairing" />
      <AnnotatorSelect value={filter.annotator} onChange={(annotator) => set({ annotator })} />
    </form>
  );
}
