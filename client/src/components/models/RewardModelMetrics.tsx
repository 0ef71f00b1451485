import { formatNumber } from '../runs/format';

/** The numeric held-out metrics of a version (eval/loss, eval/accuracy_s3, …) and its pair counts, compactly. */
export function RewardModelMetrics({ metrics }: { metrics: Record<string, unknown> }) {
  const numbers = Object.entries(metrics).filter((e): e is [string, number] => typeof e[1] === 'number');
  const pairs = metrics.pairs as { train?: unknown; eval?: unknown } | undefined;
  if (numbers.length === 0 && !pairs) return <span className="muted">—</span>;
  return (
    <dl className="metric-chips">
      {numbers.map(([name, value]) => (
        <div key={name}>
          <dt>{name}</dt>
          <dd>{formatNumber(value)}</dd>
        </div>
      ))}
      {pairs && typeof pairs.train === 'number' && (
        <div>
          <dt>pairs</dt>
          <dd>
            {pairs.train} train / {String(pairs.eval ?? 0)} eval
          </dd>
        </div>
      )}
    </dl>
  );
}
