/** 0..1 as a thin bar with its percentage. */
export function ProgressBar({ value, label }: { value: number; label: string }) {
  const percent = Math.round(Math.min(1, Math.max(0, value)) * 100);
  return (
    <span className="progress-cell">
      <span className="progress-bar" role="progressbar" aria-label={label} aria-valuenow={percent} aria-valuemin={0} aria-valuemax={100}>
        <span style={{ width: `${percent}%` }} />
      </span>
      <span className="progress-percent">{percent}%</span>
    </span>
  );
}
