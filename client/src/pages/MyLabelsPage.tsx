import { useState } from 'react';
import { Pager } from '../components/admin/Pager';
import { MyLabelCard } from '../components/labels/MyLabelCard';
import { MY_LABELS_PAGE_SIZE, useMyLabels } from '../hooks/useMyLabels';
import { hrefOf } from '../hooks/useRoute';

/** #/annotate/mine: my recent labels, newest first; changing one keeps the old version on the server. */
export function MyLabelsPage() {
  const [offset, setOffset] = useState(0);
  const mine = useMyLabels(offset);

  return (
    <main className="page stack" data-testid="my-labels-page">
      <header className="section-head">
        <h2>My recent labels</h2>
        <a href={hrefOf('annotate')} className="btn btn-quiet" data-testid="back-to-annotate">
          Back to annotating
        </a>
      </header>
      {mine.error && (
        <p className="form-message tone-error" role="alert">
          {mine.error}
        </p>
      )}
      {mine.loading ? (
        <p className="muted">Loading…</p>
      ) : mine.labels.length === 0 ? (
        <p className="muted" data-testid="my-labels-empty">
          You have not labelled anything yet.
        </p>
      ) : (
        mine.labels.map((label) => (
          <MyLabelCard
            key={`${label.assignmentId}-${label.version}`}
            label={label}
            saving={mine.saving}
            onChange={(change) => mine.change(label.assignmentId, change)}
          />
        ))
      )}
      <Pager
        offset={offset}
        pageSize={MY_LABELS_PAGE_SIZE}
        total={mine.total}
        previous={offset > 0 ? () => setOffset(Math.max(0, offset - MY_LABELS_PAGE_SIZE)) : null}
        next={offset + MY_LABELS_PAGE_SIZE < mine.total ? () => setOffset(offset + MY_LABELS_PAGE_SIZE) : null}
      />
    </main>
  );
}
