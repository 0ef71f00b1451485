import { z } from 'zod';
import { ExportQuerySchema } from '../schemas/exports';
import { route } from './route';

/** Labels in trainers' formats (server/export), streamed as a file download. */
export const exportRoutes = {
  /** JSONL (x-ndjson), CSV or Parquet, content-disposition attachment; 400 on a bad format or filter before any byte */
  adminExport: route({
    method: 'GET',
    path: '/api/admin/export',
    auth: 'admin',
    query: ExportQuerySchema,
    response: z.string(),
    download: ['application/x-ndjson', 'text/csv', 'application/vnd.apache.parquet'],
  }),
};
