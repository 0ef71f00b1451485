import { useState } from 'react';
import type { DataFilter } from '../../../shared/schemas/data';
import { Pager } from '../components/admin/Pager';
import { ComparisonItem } from '../components/data/ComparisonItem';
import { DataFilters } from '../components/data/DataFilters';
import { DistributionsPanel } from '../components/data/DistributionsPanel';
import { GoldPairForm } from '../components/data/GoldPairForm';
import { DATA_PAGE_SIZE, useDataComparisons } from '../hooks/useDataComparisons';
import { useDataDistributions } from '../hooks/useDataDistributions';

/** #/admin/data: comparisons and their labels (every version), searched and filtered; distributions; gold pairs; retire. */
export function DataPage() {
  const [filter, setFilter] = useState<DataFilter>({});
  const [offset, setOffset] = useState(0);
  const data = useDataComparisons(filter, offset);
  const { distributions } = useDataDistributions(filter);
  const changeFilter = (next: DataFilter) => {
    setFilter(next);
    setOffset(0);
  };

  return (
    <main className="page admin stack" data-testid="data-page">
      <section className="card admin-section" aria-labelledby="data-title">
        <header className="section-head">
          <h2 id="data-title">Data</h2>
          <span className="muted" data-testid="data-total">
            {data.total} {data.total === 1 ? 'comparison' : 'comparisons'}
          </span>
        </header>
        <DataFilters filter={filter} onChange={changeFilter} />
        {distributions && <DistributionsPanel d={distributions} />}
      </section>
      {data.error && (
        <p className="form-message tone-error" role="alert" data-testid="data-error">
          {data.error}
        </p>
      )}
      {data.loading ? (
        <p className="muted">Loading…</p>
      ) : data.comparisons.length === 0 ? (
        <p className="muted" data-testid="data-empty">
          No comparisons match.
        </p>
      ) : (
        data.comparisons.map((c) => <ComparisonItem key={c.id} c={c} busy={data.busy} onRetire={data.retire} onEditGold={data.editGold} />)
      )}
      <Pager
        offset={offset}
        pageSize={DATA_PAGE_SIZE}
        total={data.total}
        previous={offset > 0 ? () => setOffset(Math.max(0, offset - DATA_PAGE_SIZE)) : null}
        next={offset + DATA_PAGE_SIZE < data.total ? () => setOffset(offset + DATA_PAGE_SIZE) : null}
      />
      <section className="card admin-section" aria-labelledby="gold-title">
        <header className="section-head">
          <h2 id="gold-title">New gold pair</h2>
        </header>
        <GoldPairForm onCreate={data.createGold} />
      </section>
    </main>
  );
}
