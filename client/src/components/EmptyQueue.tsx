/** Shown when no pair is waiting; the buffer refetches by itself on `queue:available`. */
export function EmptyQueue({ error }: { error: string | null }) {
  return (
    <section className="card empty" data-testid="empty-queue" aria-live="polite">
      <div className="empty-icon" aria-hidden="true">
        ✓
      </div>
      <h2>No pairs waiting</h2>
      <p>New pairs appear here automatically.</p>
      {error && <p className="tone-error">Could not reach the queue: {error}</p>}
    </section>
  );
}
