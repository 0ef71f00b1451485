import { Pager } from '../components/admin/Pager';
import { AgreementFigures } from '../components/annotators/AgreementFigures';
import { AnnotatorsTable } from '../components/annotators/AnnotatorsTable';
import { KappaMatrix } from '../components/annotators/KappaMatrix';
import { useAnnotators, useSetDisabled } from '../hooks/useAnnotators';

/** #/admin/annotators: each annotator's volume, speed and agreement; κ between them; Fleiss' κ and α overall. */
export function AnnotatorsPage() {
  const list = useAnnotators();
  const disable = useSetDisabled();
  const { page } = list;
  const error = list.error ?? disable.error;

  return (
    <main className="page admin" data-testid="annotators-page">
      <section className="card admin-section" aria-labelledby="annotators-title">
        <header className="section-head">
          <h2 id="annotators-title">Annotators</h2>
          <div className="head-actions">
            {page && <span className="muted">{page.total} in all</span>}
            <button type="button" className="btn btn-quiet btn-small" onClick={list.refresh} disabled={list.loading || list.refreshing}>
              {list.refreshing ? 'Computing…' : 'Recompute'}
            </button>
          </div>
        </header>
        {error && (
          <p className="form-message tone-error" role="alert">
            {error}
          </p>
        )}
        {list.loading ? (
          <p className="muted">Computing…</p>
        ) : page && page.items.length > 0 ? (
          <>
            <AnnotatorsTable annotators={page.items} busyId={disable.busyId} onSetDisabled={disable.setDisabled} />
            <Pager offset={list.offset} pageSize={list.pageSize} total={page.total} previous={list.previous} next={list.next} />
            <p className="muted small">
              With majority: the label matches the choice most of the other annotators of the pair made (pairs where they split
              evenly are left out). Left picks: the share of A/B choices that were the side shown on the left.
            </p>
          </>
        ) : (
          <p className="muted">No annotators yet.</p>
        )}
      </section>
      {page && (
        <section className="card admin-section" aria-labelledby="agreement-title">
          <header className="section-head">
            <h2 id="agreement-title">Agreement</h2>
          </header>
          <AgreementFigures overall={page.overall} />
          <h3 className="subhead">Cohen's κ between annotators</h3>
          <KappaMatrix annotators={page.items} pairs={page.pairs} />
          <p className="muted small">
            κ and α correct agreement for chance: 1 is perfect, 0 what chance alone gives, below 0 worse than chance. "—" means
            undefined: every label compared was the same one choice. Fleiss' κ takes the overlapped pairs with the most common
            number of labels; Krippendorff's α takes every overlapped pair.
          </p>
        </section>
      )}
    </main>
  );
}
