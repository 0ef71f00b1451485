/** A value as indented JSON, as text (never HTML). */
export function JsonBlock({ title, value, testId }: { title: string; value: unknown; testId: string }) {
  return (
    <section className="card admin-section json-section" aria-label={title}>
      <header className="section-head">
        <h2>{title}</h2>
      </header>
      {value === null || value === undefined ? (
        <p className="muted">—</p>
      ) : (
        <pre className="json mono" data-testid={testId}>
          {JSON.stringify(value, null, 2)}
        </pre>
      )}
    </section>
  );
}
