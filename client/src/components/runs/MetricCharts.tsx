import type { MetricSeries } from '../../../../shared/schemas/jobs';
import { MetricChart } from './MetricChart';

// Losses and objectives first, held-out evaluations next, optimiser and throughput figures last.
const RANK: [RegExp, number][] = [
  [/^(loss|objective)\//, 0],
  [/^(eval|val)\//, 1],
  [/^(lr|grad_norm|tokens_per_s|time\/)/, 3],
];
const rank = (name: string) => RANK.find(([pattern]) => pattern.test(name))?.[1] ?? 2;

/** One small chart per metric name (loss/train, eval/accuracy, lr, …). */
export function MetricCharts({ series }: { series: MetricSeries }) {
  const names = Object.keys(series).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  if (names.length === 0) return <p className="muted" data-testid="no-metrics">No metrics yet.</p>;
  return (
    <div className="chart-grid" data-testid="metric-charts">
      {names.map((name) => (
        <MetricChart key={name} name={name} points={series[name]} />
      ))}
    </div>
  );
}
