import type { ReactNode } from 'react';
import { snapshotFileUrl } from '../admin/exportQuery';

/** What a model records of the snapshot it was trained on (server/jobs/kinds/rm.ts SnapshotCitation). */
interface SnapshotCitation {
  id: number;
  name: string;
  version: number;
  sha256: string;
  rows?: number;
}

const isCitation = (value: unknown): value is SnapshotCitation => {
  const v = value as Partial<SnapshotCitation> | null;
  return typeof v === 'object' && v !== null && typeof v.id === 'number' && typeof v.name === 'string' && typeof v.version === 'number' && typeof v.sha256 === 'string';
};

interface Props {
  metrics: Record<string, unknown>;
  testId: string;
  /** shown when the version cites no snapshot */
  fallback: ReactNode;
}

/** The snapshot a model version was trained on (its metrics cite it: rm.ts, dpo.ts), with its file to download. */
export function TrainedOn({ metrics, testId, fallback }: Props) {
  const snapshot = metrics.snapshot;
  if (!isCitation(snapshot)) return <span className="muted small">{fallback}</span>;
  const title = `${snapshot.name} v${snapshot.version}`;
  return (
    <span className="small nowrap" data-testid={testId}>
      <a href={snapshotFileUrl(snapshot.id)} download aria-label={`Download snapshot ${title}`} title={`sha256 ${snapshot.sha256}`}>
        {title}
      </a>{' '}
      <code className="muted">{snapshot.sha256.slice(0, 12)}</code>
      {snapshot.rows !== undefined && <span className="muted"> · {snapshot.rows.toLocaleString()} rows</span>}
    </span>
  );
}
