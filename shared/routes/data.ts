import { AdminComparisonSchema } from '../schemas/admin';
import { IdParamSchema, pageSchema } from '../schemas/common';
import {
  DataComparisonSchema,
  DataDistributionsSchema,
  DataFilterSchema,
  DataQuerySchema,
  GoldPairCreateSchema,
  GoldPairEditSchema,
} from '../schemas/data';
import { route } from './route';

/** The admin Data page (all under /api/admin/data). */
export const dataRoutes = {
  /** comparisons with their labels (every version), filtered, newest first; texts cut */
  dataComparisons: route({
    method: 'GET',
    path: '/api/admin/data/comparisons',
    auth: 'admin',
    query: DataQuerySchema,
    response: pageSchema(DataComparisonSchema),
  }),
  /** choice, strength and position-bias counts of the current labels of the same filtered comparisons */
  dataDistributions: route({
    method: 'GET',
    path: '/api/admin/data/distributions',
    auth: 'admin',
    query: DataFilterSchema,
    response: DataDistributionsSchema,
  }),
  /** the pair leaves the queue; its labels stay, left out of exports and training (as every retired pair's) */
  dataRetire: route({
    method: 'POST',
    path: '/api/admin/data/comparisons/:id/retire',
    auth: 'admin',
    params: IdParamSchema,
    response: AdminComparisonSchema,
  }),
  dataGoldCreate: route({
    method: 'POST',
    path: '/api/admin/data/gold',
    auth: 'admin',
    body: GoldPairCreateSchema,
    response: AdminComparisonSchema,
    status: [201],
  }),
  dataGoldEdit: route({
    method: 'PUT',
    path: '/api/admin/data/gold/:id',
    auth: 'admin',
    params: IdParamSchema,
    body: GoldPairEditSchema,
    response: AdminComparisonSchema,
  }),
};
