import { IdParamSchema, PageQuerySchema } from '../schemas/common';
import { ActivatePolicyResponseSchema, PolicyPageSchema } from '../schemas/policies';
import { route } from './route';

/** Policy versions (the starter, and every version a policy job or the loop registered): list, activate, roll back. */
export const policyRoutes = {
  /** newest first, with lineage (parentId), how each was trained and its final metrics */
  adminPolicies: route({ method: 'GET', path: '/api/admin/policies', auth: 'admin', query: PageQuerySchema, response: PolicyPageSchema }),
  /** makes it the one active version (queue pairs and new training start from it); 404 unknown id */
  adminPolicyActivate: route({ method: 'POST', path: '/api/admin/policies/:id/activate', auth: 'admin', params: IdParamSchema, response: ActivatePolicyResponseSchema }),
  /** activates the active version's parent (the version it was trained from); 409 no_parent for the starter */
  adminPolicyRollBack: route({ method: 'POST', path: '/api/admin/policies/roll-back', auth: 'admin', response: ActivatePolicyResponseSchema }),
};
