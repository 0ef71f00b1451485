/** Why the leaderboard is empty, and what fills it. */
export function LeaderboardEmpty() {
  return (
    <div className="leaderboard-empty" data-testid="leaderboard-empty">
      <p>
        <strong>No ratings yet.</strong> The leaderboard is computed only from human labels on cross-version pairs: a
        response of one policy version against another version's (or an external model's) to the same prompt.
      </p>
      <p className="muted">
        The loop puts such pairs in the queue after each new version (they can also be built on the Overview page).
        Once annotators label cross-version pairs, the versions appear here, ranked, with their confidence intervals.
      </p>
    </div>
  );
}
