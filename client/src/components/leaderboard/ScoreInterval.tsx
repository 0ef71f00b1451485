import { signed } from './format';

interface Props {
  id: string;
  score: number;
  ci: [number, number] | null;
  /** the scale shared by every row: [lowest, highest] score or bound shown */
  domain: [number, number];
}

/** A 95 % interval as a small bar on the rows' common scale, the point estimate as a tick, 0 (the anchor) as a line. */
export function ScoreInterval({ id, score, ci, domain }: Props) {
  const [min, max] = domain;
  const at = (x: number) => `${(100 * (x - min)) / (max - min || 1)}%`;
  return (
    <span className="ci-cell" data-testid={`ci-${id}`} data-lo={ci?.[0]} data-hi={ci?.[1]}>
      <span className="ci-track" aria-hidden="true">
        <span className="ci-zero" style={{ left: at(0) }} />
        {ci && <span className="ci-bar" style={{ left: at(ci[0]), width: `calc(${at(ci[1])} - ${at(ci[0])})` }} />}
        <span className="ci-point" style={{ left: at(score) }} />
      </span>
      <span className="ci-text">{ci ? `${signed(ci[0])} to ${signed(ci[1])}` : 'no interval'}</span>
    </span>
  );
}
