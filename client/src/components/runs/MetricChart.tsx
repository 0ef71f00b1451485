import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatNumber } from './format';

const HEIGHT = 150;
const INK = '#5d6678'; // --muted (canvas cannot read CSS variables)
const GRID = '#eceef2';
const LINE = '#4353d6'; // --accent

type Points = [number, number][];

const toData = (points: Points): uPlot.AlignedData => [points.map((p) => p[0]), points.map((p) => p[1])];

/** The y axis is as wide as its longest tick label (exponents are long). */
const yAxisSize = (_u: uPlot, values: string[] | null) => 16 + 6.5 * Math.max(3, ...(values ?? []).map((v) => v.length));

function options(name: string, width: number): uPlot.Options {
  return {
    width,
    height: HEIGHT,
    legend: { show: false },
    scales: { x: { time: false } },
    series: [{ label: 'step' }, { label: name, stroke: LINE, width: 1.5 }],
    axes: [
      { stroke: INK, grid: { stroke: GRID }, ticks: { stroke: GRID }, size: 28, font: '11px system-ui' },
      {
        stroke: INK,
        grid: { stroke: GRID },
        ticks: { stroke: GRID },
        size: yAxisSize,
        font: '11px system-ui',
        values: (_u, ticks) => ticks.map(formatNumber),
      },
    ],
  };
}

/** One metric's curve (x = step), redrawn as points stream in; `data-points` says how many are plotted. */
export function MetricChart({ name, points }: { name: string; points: Points }) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const latest = useRef(points);
  latest.current = points;

  // One uPlot per metric for the component's life; it follows its box's width.
  useEffect(() => {
    const el = box.current as HTMLDivElement;
    const chart = new uPlot(options(name, el.clientWidth), toData(latest.current), el);
    plot.current = chart;
    const resize = new ResizeObserver(() => chart.setSize({ width: el.clientWidth, height: HEIGHT }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      chart.destroy();
      plot.current = null;
    };
  }, [name]);

  useEffect(() => plot.current?.setData(toData(points)), [points]);

  const last = points.at(-1);
  return (
    <figure className="metric-chart" data-testid={`chart-${name}`} data-metric={name} data-points={points.length}>
      <figcaption>
        <span className="metric-name">{name}</span>
        {last && (
          <span className="metric-last mono">
            {formatNumber(last[1])} <span className="muted">@ {last[0]}</span>
          </span>
        )}
      </figcaption>
      <div ref={box} className="chart-box" />
    </figure>
  );
}
