// The exportable labels, read a page of comparisons at a time (server/store/export-labels.ts) and handed over a
// comparison at a time (its labels together, for majority and agreement). Each page is handed over before the
// caller awaits anything: an open iterator would keep the connection busy for every other request.
import type { ExportQuery } from '../../shared/schemas/exports';
import type { LabelRow } from '../ml/reward/dataset';
import type { Store } from '../store';
import type { ExportLabel } from '../store/export-labels';

export type { ExportLabel } from '../store/export-labels';

export type ExportFilters = Pick<ExportQuery, 'since' | 'until' | 'policyVersion' | 'kind' | 'minAgreement'>;

/** Share of a comparison's labels that made its most common choice (1 when they all agree). */
export function agreementOf(labels: LabelRow[]): number {
  const counts = new Map<string, number>();
  for (const l of labels) counts.set(l.choice, (counts.get(l.choice) ?? 0) + 1);
  return Math.max(...counts.values()) / labels.length;
}

/**
 * Reads the filtered labels a page of comparisons at a time. `readPage` hands each comparison with labels (that
 * passes minAgreement) to `onComparison`, synchronously; it returns false once everything is handed over.
 */
export function exportReader(store: Store, filters: ExportFilters, pageSize = 500) {
  const rows = store.exportLabels;
  const filter = {
    maxLabelId: rows.maxLabelId(),
    kind: filters.kind ?? null,
    policyVersion: filters.policyVersion ?? null,
    since: filters.since ?? null,
    until: filters.until ?? null,
  };
  let after = 0;
  let done = false;

  return {
    readPage(onComparison: (labels: ExportLabel[]) => void): boolean {
      if (done) return false;
      const last = rows.pageEnd(after, pageSize);
      done = last === undefined;
      let group: ExportLabel[] = [];
      const flush = () => {
        if (group.length > 0 && agreementOf(group) >= (filters.minAgreement ?? 0)) onComparison(group);
        group = [];
      };
      for (const label of rows.page(filter, after, last ?? Number.MAX_SAFE_INTEGER)) {
        if (group.length > 0 && group[0].comparisonId !== label.comparisonId) flush();
        group.push(label);
      }
      flush();
      after = last ?? after;
      return !done;
    },
  };
}
