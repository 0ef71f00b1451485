import { Router } from 'express';
import { API } from '../../../../shared/api';
import { LabelsQuerySchema } from '../../../../shared/schemas/admin';
import type { AppContext } from '../../../context';
import { parse } from '../../validate';
import { adminPath } from './path';

/** Raw labels, every annotator's, newest first. */
export function labelListRoutes(ctx: AppContext): Router {
  return Router().get(adminPath(API.admin.labels), (req, res) => {
    res.json(ctx.store.labels.page(parse(LabelsQuerySchema, req.query)));
  });
}
