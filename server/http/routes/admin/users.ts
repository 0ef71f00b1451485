import { Router } from 'express';
import { ROUTES } from '../../../../shared/contract';
import { createUser, updateUser } from '../../../auth/accounts';
import type { AppContext } from '../../../context';
import { bind } from '../../contract';

export function userRoutes(ctx: AppContext): Router {
  const router = Router();

  bind(router, ROUTES.adminUsers, ({ query }) => ctx.store.users.page(query));

  bind(router, ROUTES.adminUserCreate, async ({ body }) => {
    const user = await createUser(ctx, body);
    ctx.live.changed();
    return { user };
  });

  bind(router, ROUTES.adminUserUpdate, async ({ params: { id }, body }) => ({ user: await updateUser(ctx, id, body) }));

  return router;
}
