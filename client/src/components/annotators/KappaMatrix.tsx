import type { AnnotatorSummary, PairAgreement } from '../../../../shared/schemas/annotators';
import { coefficient, coefficientTone } from './format';

/** Cohen's κ between every two annotators of the page (blank: no pair in common). */
export function KappaMatrix({ annotators, pairs }: { annotators: AnnotatorSummary[]; pairs: PairAgreement[] }) {
  const byPair = new Map(pairs.map((p) => [`${p.a}:${p.b}`, p]));
  const pairOf = (x: number, y: number) => byPair.get(x < y ? `${x}:${y}` : `${y}:${x}`);
  const rated = annotators.filter((a) => pairs.some((p) => p.a === a.user.id || p.b === a.user.id));
  if (rated.length < 2) return <p className="muted">No two annotators on this page have labelled the same pair yet.</p>;
  return (
    <div className="table-scroll">
      <table className="table kappa-matrix" data-testid="kappa-matrix">
        <thead>
          <tr>
            <th scope="col">
              <span className="sr-only">Annotator</span>
            </th>
            {rated.map((a) => (
              <th key={a.user.id} scope="col" className="num">
                {a.user.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rated.map((row) => (
            <tr key={row.user.id}>
              <th scope="row">{row.user.name}</th>
              {rated.map((col) => {
                if (col.user.id === row.user.id) return <td key={col.user.id} className="num muted">·</td>;
                const p = pairOf(row.user.id, col.user.id);
                return (
                  <td
                    key={col.user.id}
                    className={`num ${p ? coefficientTone(p.kappa) : 'muted'}`}
                    title={p ? `${p.agreed} of ${p.shared} shared pairs agree` : 'no shared pair'}
                    data-testid={`kappa-${row.user.name}-${col.user.name}`}
                  >
                    {p ? coefficient(p.kappa) : ''}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
