import { createReadStream, existsSync } from 'node:fs';
import { Router } from 'express';
import { ROUTES } from '../../../../shared/contract';
import type { Snapshot } from '../../../../shared/schemas/snapshots';
import type { AppContext } from '../../../context';
import { HttpError } from '../../../errors';
import { EXPORT_FORMAT_MODULES } from '../../../export/formats';
import { createSnapshot } from '../../../snapshots/create';
import { snapshotById, snapshotPath } from '../../../snapshots/files';
import type { StoredSnapshot } from '../../../store/snapshots';
import { bind } from '../../contract';

/** The file's name stays on the server. */
const publicSnapshot = ({ file: _, ...snapshot }: StoredSnapshot): Snapshot => snapshot;

/** Snapshots: create (the export streamed to a file, then recorded), list, one, and the frozen file. */
export function snapshotRoutes(ctx: AppContext): Router {
  const router = Router();
  bind(router, ROUTES.adminSnapshotCreate, async ({ body, user }) => publicSnapshot(await createSnapshot(ctx.store, body, user.id, ctx.clock())));
  bind(router, ROUTES.adminSnapshots, ({ query }) => {
    const page = ctx.store.snapshots.page(query);
    return { ...page, items: page.items.map(publicSnapshot) };
  });
  bind(router, ROUTES.adminSnapshot, ({ params }) => publicSnapshot(snapshotById(ctx.store, params.id)));
  bind(router, ROUTES.adminSnapshotDownload, async ({ params, res }) => {
    const snapshot = snapshotById(ctx.store, params.id);
    const path = snapshotPath(ctx.store, snapshot);
    if (!existsSync(path)) throw new HttpError(409, 'snapshot_changed', `snapshot ${snapshot.name} v${snapshot.version}: its file is missing`);
    const { contentType, extension } = EXPORT_FORMAT_MODULES[snapshot.format];
    res.status(200).set({
      'content-type': extension === 'parquet' ? contentType : `${contentType}; charset=utf-8`,
      'content-length': String(snapshot.bytes),
      'content-disposition': `attachment; filename="prefloop-${snapshot.file}"`,
      'x-content-sha256': snapshot.sha256,
      'cache-control': 'no-store',
    });
    // until the response closes (sent, or the client went away: the file stream is then dropped)
    await new Promise<void>((resolve, reject) => {
      const file = createReadStream(path).on('error', reject);
      res.on('close', () => {
        file.destroy();
        resolve();
      });
      file.pipe(res);
    });
  });
  return router;
}
