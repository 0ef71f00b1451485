import { type Response, Router } from 'express';
import { ROUTES } from '../../../../shared/contract';
import type { AppContext } from '../../../context';
import { notFound } from '../../../errors';
import { createGoldPair, editGoldPair } from '../../../queue/gold-pairs';
import { bind } from '../../contract';

/** The Data page: comparisons with their labels (every version), distributions, retire, gold pairs. */
export function dataRoutes(ctx: AppContext): Router {
  const router = Router();
  const { store } = ctx;

  // searches and totals scan up to every comparison: in the read worker (server/data-browser/), which refuses
  // past its queue (429) and stops a query past its time limit (503 query_timeout); in place without one (CLI)
  const reads = ctx.dataReads ?? store.dataBrowser;
  // pages of at most 100 (DataQuerySchema), texts cut to LIST_TEXT_CHARS
  bind(router, ROUTES.dataComparisons, ({ query, res }) => reads.page(query, whileWanted(res)));
  bind(router, ROUTES.dataDistributions, ({ query, res }) => reads.distributions(query, whileWanted(res)));

  bind(router, ROUTES.dataRetire, ({ params: { id } }) => {
    const retired = store.dataBrowser.retire(id) ? store.comparisons.byId(id) : undefined;
    if (!retired) throw notFound('Comparison');
    ctx.live.changed(); // queue counts move
    return retired;
  });

  bind(router, ROUTES.dataGoldCreate, ({ body }) => {
    const created = createGoldPair(store, body);
    ctx.live.pairsAdded(1);
    ctx.live.changed();
    return created;
  });
  bind(router, ROUTES.dataGoldEdit, ({ params: { id }, body }) => editGoldPair(store, id, body));

  return router;
}

/** Aborts when the client goes away before its answer (a read still waiting then leaves the queue). */
function whileWanted(res: Response): AbortSignal {
  const gone = new AbortController();
  res.once('close', () => res.writableFinished || gone.abort());
  return gone.signal;
}
