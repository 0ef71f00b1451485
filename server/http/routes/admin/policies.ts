import { Router } from 'express';
import { ROUTES } from '../../../../shared/contract';
import type { PolicyView } from '../../../../shared/schemas/policies';
import type { AppContext } from '../../../context';
import { HttpError, notFound } from '../../../errors';
import type { PolicyVersion } from '../../../store/policies';
import { bind } from '../../contract';

/** What admins see of a version (not the checkpoint path on the server's disk). */
const view = (p: PolicyVersion): PolicyView => ({
  id: p.id,
  version: p.version,
  parentId: p.parentId,
  kind: p.kind,
  algorithm: typeof p.config.algorithm === 'string' ? p.config.algorithm : null,
  config: p.config,
  metrics: p.metrics,
  createdAt: p.createdAt,
  active: p.active,
});

export function policyRoutes(ctx: AppContext): Router {
  const router = Router();
  const { store } = ctx;

  /** Makes `id` the active version; the answer names the one it replaced. */
  const activate = (id: number) => {
    const previous = store.policies.active()?.id ?? null;
    store.transaction(() => store.policies.activate(id));
    const active = store.policies.get(id) as PolicyVersion;
    ctx.log.info(`policy v${active.version} activated`);
    ctx.live.modelActivated({ kind: 'policy', id, version: active.version });
    return { active: view(active), previous };
  };

  bind(router, ROUTES.adminPolicies, ({ query }) => {
    const page = store.policies.list(query);
    return { ...page, items: page.items.map(view) };
  });

  bind(router, ROUTES.adminPolicyActivate, ({ params: { id } }) => {
    if (!store.policies.get(id)) throw notFound('Policy');
    return activate(id);
  });

  bind(router, ROUTES.adminPolicyRollBack, () => {
    const current = store.policies.active();
    const parentId = current ? store.policies.get(current.id)?.parentId : null;
    if (!parentId) throw new HttpError(409, 'no_parent', 'The active policy has no parent version to roll back to');
    return activate(parentId);
  });

  return router;
}
