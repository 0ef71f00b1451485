import type { LeaderboardPlayer } from '../../../../shared/schemas/leaderboard';
import { percent, playerLabel, signed } from './format';
import { ScoreInterval } from './ScoreInterval';

interface Props {
  players: LeaderboardPlayer[];
  anchor: string | null;
}

/** The scale every interval bar shares: all scores and bounds, and 0 (the anchor), with a little room. */
function domainOf(players: LeaderboardPlayer[]): [number, number] {
  const xs = players.flatMap((p) => [p.score, ...(p.ci ?? [])]);
  const [min, max] = [Math.min(0, ...xs), Math.max(0, ...xs)];
  const pad = (max - min) * 0.05 || 10;
  return [min - pad, max + pad];
}

/** Players best first: rank, version or model (as text), score with its 95 % interval, games, record against the anchor. */
export function LeaderboardTable({ players, anchor }: Props) {
  const domain = domainOf(players);
  const anchorName = anchor ? playerLabel(anchor) : null;
  return (
    <table className="table leaderboard-table" data-testid="leaderboard-table">
      <thead>
        <tr>
          <th scope="col">#</th>
          <th scope="col">Version / model</th>
          <th scope="col" className="num">
            Score
          </th>
          <th scope="col">95 % interval</th>
          <th scope="col" className="num">
            Games
          </th>
          <th scope="col">Win rate vs {anchorName ?? 'anchor'}</th>
          <th scope="col">Status</th>
        </tr>
      </thead>
      <tbody>
        {players.map((p) => (
          <tr key={p.id} data-testid={`leaderboard-row-${p.id}`} data-rank={p.rank}>
            <td className="num">{p.rank}</td>
            <td className="cell-text">
              {p.policy ? <strong>v{p.policy.version}</strong> : <span title="external model">{p.modelName}</span>}
              {!p.policy && <span className="muted small"> model</span>}
            </td>
            <td className="num" data-testid={`leaderboard-score-${p.id}`}>
              {signed(p.score)}
            </td>
            <td>
              <ScoreInterval id={p.id} score={p.score} ci={p.ci} domain={domain} />
            </td>
            <td className="num">{p.games}</td>
            <td className="nowrap">
              {p.id === anchor ? (
                <span className="muted">anchor (0)</span>
              ) : p.vsAnchor ? (
                <>
                  {p.vsAnchor.winRate === null ? '—' : percent(p.vsAnchor.winRate)}
                  <span className="muted small">
                    {' '}
                    {p.vsAnchor.games} games · predicted {percent(p.vsAnchor.expected)}
                  </span>
                </>
              ) : (
                <span className="muted">—</span>
              )}
            </td>
            <td>{p.policy?.active ? <span className="status-badge status-active">active</span> : <span className="muted">—</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
