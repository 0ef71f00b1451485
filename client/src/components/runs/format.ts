/** "14:02:11" today, "3 Jan 14:02" otherwise; '—' for none. */
export function formatTime(iso: string | null): string {
  if (!iso) return '—';
  const at = new Date(iso);
  const today = new Date().toDateString() === at.toDateString();
  return today
    ? at.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' })
    : at.toLocaleString(undefined, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
}

/** "42 s", "3 min 5 s" between two times (the second defaults to now); '' when it has not started. */
export function formatDuration(from: string | null, to: string | null): string {
  if (!from) return '';
  const seconds = Math.max(0, Math.round(((to ? Date.parse(to) : Date.now()) - Date.parse(from)) / 1000));
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

/** A metric value in at most 4 significant digits ("0.6931", "4.2e-6", "1.3e+5"). */
export function formatNumber(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) < 1e6) return String(value);
  if (Math.abs(value) >= 1e-3 && Math.abs(value) < 1e5) return String(Number(value.toPrecision(4)));
  return Number(value.toPrecision(2)).toExponential();
}
