import type { Snapshot } from '../../../../shared/schemas/snapshots';
import { snapshotFileUrl } from './exportQuery';
import { Pager } from './Pager';

interface SnapshotsTableProps {
  snapshots: Snapshot[];
  offset: number;
  pageSize: number;
  total: number;
  previous: (() => void) | null;
  next: (() => void) | null;
}

const filtersText = (filters: Record<string, unknown>) =>
  Object.entries(filters)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(' ');

/** Snapshots, newest first: what each froze (format, filters, rows, hash) and its file. */
export function SnapshotsTable({ snapshots, ...pager }: SnapshotsTableProps) {
  return (
    <>
      <table className="table" data-testid="snapshots-table">
        <thead>
          <tr>
            <th scope="col">Snapshot</th>
            <th scope="col">Format</th>
            <th scope="col">Filters</th>
            <th scope="col">Rows</th>
            <th scope="col">sha256</th>
            <th scope="col">Created</th>
            <th scope="col">
              <span className="sr-only">File</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {snapshots.map((s) => (
            <tr key={s.id} data-testid={`snapshot-row-${s.id}`}>
              <td>
                {s.name} v{s.version}
              </td>
              <td>{s.format}</td>
              <td className="small">{filtersText(s.filters)}</td>
              <td>{s.rows}</td>
              <td>
                <code title={s.sha256}>{s.sha256.slice(0, 12)}</code>
              </td>
              <td>
                {new Date(s.createdAt).toLocaleString()}
                {s.createdBy ? ` by ${s.createdBy}` : ''}
              </td>
              <td className="actions">
                <a className="btn btn-quiet btn-small" href={snapshotFileUrl(s.id)} download aria-label={`Download ${s.name} v${s.version}`}>
                  Download
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager {...pager} />
    </>
  );
}
