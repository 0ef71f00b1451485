import { Router } from 'express';
import { ROUTES } from '../../../../shared/contract';
import { isoAt } from '../../../clock';
import type { AppContext } from '../../../context';
import { bind } from '../../contract';

export function countsRoutes(ctx: AppContext): Router {
  return bind(Router(), ROUTES.adminCounts, () => ctx.store.counts.admin(isoAt(ctx.clock())));
}
