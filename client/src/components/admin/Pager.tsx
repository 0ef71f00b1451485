/** Previous / next under a paged admin table ("26–50 of 73"); nothing when everything fits on one page. */
export function Pager({ offset, pageSize, total, previous, next }: { offset: number; pageSize: number; total: number; previous: (() => void) | null; next: (() => void) | null }) {
  if (!previous && !next) return null;
  return (
    <div className="pager">
      <button type="button" className="btn btn-quiet btn-small" onClick={previous ?? undefined} disabled={!previous}>
        Previous
      </button>
      <span className="muted">
        {offset + 1}–{Math.min(offset + pageSize, total)} of {total}
      </span>
      <button type="button" className="btn btn-quiet btn-small" onClick={next ?? undefined} disabled={!next}>
        Next
      </button>
    </div>
  );
}
