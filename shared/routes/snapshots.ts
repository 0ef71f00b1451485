import { z } from 'zod';
import { IdParamSchema, pageSchema } from '../schemas/common';
import { CreateSnapshotSchema, SnapshotListQuerySchema, SnapshotSchema } from '../schemas/snapshots';
import { route } from './route';

/** Exports frozen as named, versioned files that training jobs cite (server/snapshots). */
export const snapshotRoutes = {
  /** writes the export to a file beside the database (atomically), hashes it, records it as the name's next version */
  adminSnapshotCreate: route({ method: 'POST', path: '/api/admin/snapshots', auth: 'admin', body: CreateSnapshotSchema, response: SnapshotSchema, status: [201] }),
  /** newest first; `name` lists one name's versions */
  adminSnapshots: route({ method: 'GET', path: '/api/admin/snapshots', auth: 'admin', query: SnapshotListQuerySchema, response: pageSchema(SnapshotSchema) }),
  adminSnapshot: route({ method: 'GET', path: '/api/admin/snapshots/:id', auth: 'admin', params: IdParamSchema, response: SnapshotSchema }),
  /** the frozen file, byte for byte (its sha256 is the snapshot's) */
  adminSnapshotDownload: route({
    method: 'GET',
    path: '/api/admin/snapshots/:id/file',
    auth: 'admin',
    params: IdParamSchema,
    response: z.string(),
    download: ['application/x-ndjson', 'text/csv', 'application/vnd.apache.parquet'],
  }),
};
