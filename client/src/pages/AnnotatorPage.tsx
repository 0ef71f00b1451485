import { adminHref } from './adminPaths';
import { coefficient, coefficientTone, percent, seconds, tallyText } from '../components/annotators/format';
import { RecentLabelsTable } from '../components/annotators/RecentLabelsTable';
import { useAnnotatorDetail } from '../hooks/useAnnotatorDetail';
import { useSetDisabled } from '../hooks/useAnnotators';

/** #/admin/annotators/:id: one annotator's figures, κ with each annotator they share pairs with, recent labels. */
export function AnnotatorPage({ id }: { id: number }) {
  const { detail, loading, error } = useAnnotatorDetail(id);
  const disable = useSetDisabled();

  if (loading) return <p className="muted boot">Loading annotator #{id}…</p>;
  if (!detail) {
    return (
      <main className="page admin" data-testid="annotator-page">
        <p className="notice" role="alert">
          {error ?? `Annotator #${id} was not found.`}
        </p>
      </main>
    );
  }
  const { annotator: a, pairs, recentLabels } = detail;
  const facts: [string, string][] = [
    ['Labels', a.labels.toLocaleString()],
    ['Median time per label', seconds(a.medianSeconds)],
    ['Agreement with the majority', tallyText(a.majority)],
    ['Agreement with gold', tallyText(a.gold)],
    ['Left-side picks', a.leftPicks.picks ? `${percent(a.leftPicks.rate)} of ${a.leftPicks.picks}` : '—'],
  ];
  return (
    <main className="page admin" data-testid="annotator-page" data-user-id={a.user.id}>
      <section className="card admin-section" aria-labelledby="annotator-title">
        <header className="section-head">
          <h2 id="annotator-title">
            <a href={adminHref({ page: 'annotators' })}>Annotators</a> / {a.user.name}
          </h2>
          <div className="head-actions">
            <span className={`role-badge role-${a.user.role}`}>{a.user.role}</span>
            <span className={a.user.disabled ? 'tone-error' : 'tone-ok'} data-testid="annotator-status">
              {a.user.disabled ? 'disabled' : 'active'}
            </span>
            <button
              type="button"
              className="btn btn-quiet btn-small"
              disabled={disable.busyId === a.user.id}
              onClick={() => disable.setDisabled(a.user, !a.user.disabled)}
              data-testid="annotator-toggle-disabled"
            >
              {a.user.disabled ? 'Enable' : 'Disable'}
            </button>
          </div>
        </header>
        {disable.error && (
          <p className="form-message tone-error" role="alert">
            {disable.error}
          </p>
        )}
        <dl className="facts">
          {facts.map(([term, value]) => (
            <div key={term}>
              <dt>{term}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      </section>
      <section className="card admin-section" aria-labelledby="annotator-kappa-title">
        <header className="section-head">
          <h2 id="annotator-kappa-title">Cohen's κ with other annotators</h2>
        </header>
        {pairs.length === 0 ? (
          <p className="muted">No pair in common with another annotator yet.</p>
        ) : (
          <div className="table-scroll">
            <table className="table" data-testid="annotator-pairs">
              <thead>
                <tr>
                  <th scope="col">With</th>
                  <th scope="col" className="num">
                    Shared pairs
                  </th>
                  <th scope="col" className="num">
                    Same choice
                  </th>
                  <th scope="col" className="num">
                    κ
                  </th>
                </tr>
              </thead>
              <tbody>
                {pairs.map((p) => (
                  <tr key={`${p.a}:${p.b}`}>
                    <td>
                      <a href={adminHref({ page: 'annotator', id: p.a === a.user.id ? p.b : p.a })}>{p.otherName}</a>
                    </td>
                    <td className="num">{p.shared}</td>
                    <td className="num">{p.agreed}</td>
                    <td className={`num ${coefficientTone(p.kappa)}`} data-testid={`pair-kappa-${p.otherName}`}>
                      {coefficient(p.kappa)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section className="card admin-section" aria-labelledby="recent-labels-title">
        <header className="section-head">
          <h2 id="recent-labels-title">Recent labels</h2>
        </header>
        <RecentLabelsTable labels={recentLabels} />
      </section>
    </main>
  );
}
