import { Router } from 'express';
import { ROUTES } from '../../../../shared/contract';
import { isoAt } from '../../../clock';
import type { AppContext } from '../../../context';
import { EXPORT_FORMAT_MODULES } from '../../../export/formats';
import { checkExport, exportFileName, writeExport } from '../../../export/write';
import { bind } from '../../contract';

/** Labels as a file download, streamed; the query is checked before the first byte (400/404 as JSON). */
export function exportRoutes(ctx: AppContext): Router {
  return bind(Router(), ROUTES.adminExport, async ({ query, res }) => {
    checkExport(ctx.store, query);
    const { contentType, extension } = EXPORT_FORMAT_MODULES[query.format];
    res.status(200).set({
      'content-type': extension === 'parquet' ? contentType : `${contentType}; charset=utf-8`,
      'content-disposition': `attachment; filename="${exportFileName(query, isoAt(ctx.clock()))}"`,
      'cache-control': 'no-store',
    });
    await writeExport(ctx.store, query, res);
    res.end();
  });
}
