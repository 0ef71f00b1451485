import type { useAdminCounts } from '../../hooks/useAdminCounts';

type Counts = ReturnType<typeof useAdminCounts>;

const TILES: { key: string; label: string; read: (c: Counts) => number | undefined }[] = [
  { key: 'labels', label: 'Labels', read: (c) => c.counts?.labels },
  { key: 'comparisons', label: 'Comparisons', read: (c) => c.counts?.comparisons },
  { key: 'open', label: 'Open pairs', read: (c) => c.counts?.openComparisons },
  { key: 'leases', label: 'Active leases', read: (c) => c.counts?.activeLeases },
  { key: 'prompts', label: 'Prompts', read: (c) => c.counts?.prompts },
  { key: 'responses', label: 'Responses', read: (c) => c.counts?.responses },
  { key: 'users', label: 'Users', read: (c) => c.counts?.users },
  { key: 'complete', label: 'Complete pairs', read: (c) => c.queue?.complete },
];

/** Live platform counts (pushed over socket.io, no reload needed). */
export function CountsPanel({ counts }: { counts: Counts }) {
  return (
    <section className="card admin-section" aria-labelledby="counts-title">
      <header className="section-head">
        <h2 id="counts-title">Overview</h2>
        <span className="live-dot" title="Updates live">
          live
        </span>
      </header>
      {counts.error && <p className="tone-error">{counts.error}</p>}
      <dl className="tiles">
        {TILES.map((tile) => (
          <div key={tile.key} className="tile">
            <dt>{tile.label}</dt>
            <dd data-testid={`admin-count-${tile.key}`}>{tile.read(counts) ?? '–'}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
