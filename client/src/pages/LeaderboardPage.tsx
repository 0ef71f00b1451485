import { playerLabel } from '../components/leaderboard/format';
import { LeaderboardEmpty } from '../components/leaderboard/LeaderboardEmpty';
import { LeaderboardTable } from '../components/leaderboard/LeaderboardTable';
import { useLeaderboard } from '../hooks/useLeaderboard';

/** #/admin/leaderboard: Bradley–Terry ratings of the policy versions from human labels on their cross pairs. */
export function LeaderboardPage() {
  const { board, loading, refreshing, error, refresh } = useLeaderboard();
  const unrated = board?.unrated ?? [];

  return (
    <main className="page admin" data-testid="leaderboard-page">
      <section className="card admin-section" aria-labelledby="leaderboard-title">
        <header className="section-head">
          <h2 id="leaderboard-title">Leaderboard</h2>
          <div className="head-actions">
            {board && (
              <span className="muted" data-testid="leaderboard-labels">
                {board.labels.toLocaleString()} {board.labels === 1 ? 'label' : 'labels'}
                {board.anchor && ` · ${playerLabel(board.anchor)} = 0`}
              </span>
            )}
            <button type="button" className="btn btn-quiet btn-small" onClick={refresh} disabled={loading || refreshing} data-testid="leaderboard-refresh">
              {refreshing ? 'Computing…' : 'Recompute'}
            </button>
          </div>
        </header>
        {error && (
          <p className="form-message tone-error" role="alert" data-testid="leaderboard-error">
            {error}
          </p>
        )}
        {loading ? (
          <p className="muted">Computing…</p>
        ) : !board || board.players.length === 0 ? (
          <LeaderboardEmpty />
        ) : (
          <>
            <LeaderboardTable players={board.players} anchor={board.anchor} />
            <p className="muted small">
              Bradley–Terry scores on the Elo scale: 100 points apart, the higher one is preferred 64 % of the time. Ties and
              "both bad" count as half a win each. Bars: 95 % intervals from {board.bootstrap} bootstrap resamples of the labels.
            </p>
          </>
        )}
        {unrated.length > 0 && (
          <p className="muted small" data-testid="leaderboard-unrated">
            Not rated yet (no labelled pair against another version):{' '}
            {unrated.map((u) => `v${u.version}${u.active ? ' (active)' : ''}`).join(', ')}.
          </p>
        )}
      </section>
    </main>
  );
}
