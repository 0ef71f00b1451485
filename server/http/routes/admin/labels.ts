import { Router } from 'express';
import { ROUTES } from '../../../../shared/contract';
import type { AppContext } from '../../../context';
import { bind } from '../../contract';

/** Raw labels, every annotator's, newest first. */
export function labelListRoutes(ctx: AppContext): Router {
  return bind(Router(), ROUTES.adminLabels, ({ query }) => ctx.store.labels.page(query));
}
