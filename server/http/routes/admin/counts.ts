import { Router } from 'express';
import { API } from '../../../../shared/api';
import { isoAt } from '../../../clock';
import type { AppContext } from '../../../context';
import { adminPath } from './path';

export function countsRoutes(ctx: AppContext): Router {
  return Router().get(adminPath(API.admin.counts), (_req, res) => {
    res.json(ctx.store.counts.admin(isoAt(ctx.clock())));
  });
}
