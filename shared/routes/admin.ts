import {
  AdminComparisonSchema,
  AdminCountsSchema,
  BuildComparisonsRequestSchema,
  BuildComparisonsResultSchema,
  ComparisonsQuerySchema,
  GoldAnswerResultSchema,
  GoldAnswerSchema,
  LabelsQuerySchema,
  RawLabelSchema,
} from '../schemas/admin';
import {
  CreatedTokenSchema,
  CreateTokenRequestSchema,
  CreateUserRequestSchema,
  PublicUserSchema,
  UpdateUserRequestSchema,
  UserReplySchema,
} from '../schemas/auth';
import { IdParamSchema, PageQuerySchema, pageSchema } from '../schemas/common';
import { QueueSettingsSchema } from '../schemas/queue';
import { route } from './route';

/** Admin routes other than imports; all under /api/admin. */
export const adminRoutes = {
  adminCounts: route({ method: 'GET', path: '/api/admin/counts', auth: 'admin', response: AdminCountsSchema }),
  adminUsers: route({ method: 'GET', path: '/api/admin/users', auth: 'admin', query: PageQuerySchema, response: pageSchema(PublicUserSchema) }),
  adminUserCreate: route({
    method: 'POST',
    path: '/api/admin/users',
    auth: 'admin',
    body: CreateUserRequestSchema,
    response: UserReplySchema,
    status: [201],
  }),
  adminUserUpdate: route({
    method: 'PATCH',
    path: '/api/admin/users/:id',
    auth: 'admin',
    params: IdParamSchema,
    body: UpdateUserRequestSchema,
    response: UserReplySchema,
  }),
  /** a bearer token for the calling admin's scripts (as POST /api/tokens); the secret is in this answer only */
  adminTokenCreate: route({
    method: 'POST',
    path: '/api/admin/tokens',
    auth: 'admin',
    body: CreateTokenRequestSchema,
    response: CreatedTokenSchema,
    status: [201],
  }),
  adminSettings: route({ method: 'GET', path: '/api/admin/settings', auth: 'admin', response: QueueSettingsSchema }),
  adminSettingsSave: route({ method: 'PUT', path: '/api/admin/settings', auth: 'admin', body: QueueSettingsSchema, response: QueueSettingsSchema }),
  adminComparisons: route({
    method: 'GET',
    path: '/api/admin/comparisons',
    auth: 'admin',
    query: ComparisonsQuerySchema,
    response: pageSchema(AdminComparisonSchema),
  }),
  /** one comparison with its texts whole (the list above cuts long texts) */
  adminComparison: route({ method: 'GET', path: '/api/admin/comparisons/:id', auth: 'admin', params: IdParamSchema, response: AdminComparisonSchema }),
  adminComparisonsBuild: route({
    method: 'POST',
    path: '/api/admin/comparisons/build',
    auth: 'admin',
    body: BuildComparisonsRequestSchema,
    response: BuildComparisonsResultSchema,
  }),
  /** marks a comparison as gold with its known answer */
  adminGold: route({ method: 'POST', path: '/api/admin/comparisons/gold', auth: 'admin', body: GoldAnswerSchema, response: GoldAnswerResultSchema }),
  /** raw labels, every annotator's, newest first */
  adminLabels: route({ method: 'GET', path: '/api/admin/labels', auth: 'admin', query: LabelsQuerySchema, response: pageSchema(RawLabelSchema) }),
};
