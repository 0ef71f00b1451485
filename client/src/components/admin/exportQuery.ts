import { buildPath, buildQuery, ROUTES } from '../../../../shared/contract';
import type { ExportFormat } from '../../../../shared/schemas/exports';

/** The export form's fields as typed (empty: no filter). */
export interface ExportForm {
  format: ExportFormat;
  mode: 'each_label' | 'majority';
  kind: '' | 'train' | 'eval' | 'gold';
  since: string; // yyyy-mm-dd
  until: string;
  policyVersion: string;
  minAgreement: string;
}

export const EMPTY_EXPORT_FORM: ExportForm = { format: 'labels-jsonl', mode: 'each_label', kind: '', since: '', until: '', policyVersion: '', minAgreement: '' };

/** The export query of the form: only the filters that are set (the server validates them). */
export function exportQueryOf(form: ExportForm) {
  const text = (v: string) => (v.trim() === '' ? undefined : v.trim());
  const number = (v: string) => (v.trim() === '' ? undefined : Number(v));
  return {
    format: form.format,
    mode: form.mode,
    kind: form.kind || undefined,
    since: text(form.since),
    until: text(form.until),
    policyVersion: number(form.policyVersion),
    minAgreement: number(form.minAgreement),
  };
}

/** GET /api/admin/export with the form's query: an <a download> on it streams the file (the session cookie goes along). */
export const exportUrl = (form: ExportForm): string => ROUTES.adminExport.path + buildQuery(exportQueryOf(form));

export const snapshotFileUrl = (id: number): string => buildPath(ROUTES.adminSnapshotDownload.path, { id });
