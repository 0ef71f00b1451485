import { IdParamSchema, PageQuerySchema } from '../schemas/common';
import {
  ActivateRewardModelRequestSchema,
  ActivateRewardModelResponseSchema,
  ImportLabelledPairsRequestSchema,
  ImportLabelledPairsResultSchema,
  RewardModelPageSchema,
  ScoreRequestSchema,
  ScoreResponseSchema,
} from '../schemas/reward';
import { IMPORT_BODY_LIMIT } from './imports';
import { route } from './route';

/** Reward models (server/ml/reward): versions, activation, scoring with the active one, labelled-pair imports. */
export const rewardRoutes = {
  /** newest first */
  adminRewardModels: route({ method: 'GET', path: '/api/admin/reward-models', auth: 'admin', query: PageQuerySchema, response: RewardModelPageSchema }),
  /** 409 not_better when its held-out accuracy is below the active one's (unless force); 404 unknown id */
  adminRewardModelActivate: route({
    method: 'POST',
    path: '/api/admin/reward-models/:id/activate',
    auth: 'admin',
    params: IdParamSchema,
    body: ActivateRewardModelRequestSchema,
    response: ActivateRewardModelResponseSchema,
  }),
  /** normalised scores of up to 64 items under the active reward model (in a worker); 409 no_reward_model */
  adminRewardScore: route({ method: 'POST', path: '/api/admin/reward/score', auth: 'admin', body: ScoreRequestSchema, response: ScoreResponseSchema }),
  adminImportLabelledPairs: route({
    method: 'POST',
    path: '/api/admin/import/labelled-pairs',
    auth: 'admin',
    body: ImportLabelledPairsRequestSchema,
    response: ImportLabelledPairsResultSchema,
    bodyLimit: IMPORT_BODY_LIMIT,
  }),
};
