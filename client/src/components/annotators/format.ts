import type { Tally } from '../../../../shared/schemas/annotators';

/** κ or α with two decimals ("0.27", "−0.09"); "—" when undefined (no items, or one category only). */
export const coefficient = (value: number | null): string => (value === null ? '—' : value.toFixed(2).replace('-', '−'));

/** "67 %" */
export const percent = (rate: number | null): string => (rate === null ? '—' : `${Math.round(rate * 100)} %`);

/** "67 % (2/3)" */
export const tallyText = (t: Tally): string => (t.compared === 0 ? '—' : `${percent(t.rate)} (${t.agreed}/${t.compared})`);

/** "2.5 s", "1 min 12 s" */
export function seconds(s: number | null): string {
  if (s === null) return '—';
  if (s < 60) return `${Number(s.toFixed(1))} s`;
  return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

/** A κ's tone, by Landis & Koch's bands: < 0.4 poor to fair, 0.4–0.6 moderate, ≥ 0.6 substantial. */
export const coefficientTone = (value: number | null): string =>
  value === null ? 'tone-muted' : value >= 0.6 ? 'tone-ok' : value >= 0.4 ? 'tone-warn' : 'tone-error';
