import { Router } from 'express';
import { API } from '../../../../shared/api';
import { CreateUserRequestSchema, UpdateUserRequestSchema } from '../../../../shared/schemas/auth';
import { IdParamSchema, PageQuerySchema } from '../../../../shared/schemas/common';
import { createUser, updateUser } from '../../../auth/accounts';
import type { AppContext } from '../../../context';
import { parse } from '../../validate';
import { adminPath } from './path';

export function userRoutes(ctx: AppContext): Router {
  const router = Router();

  router.get(adminPath(API.admin.users), (req, res) => {
    res.json(ctx.store.users.page(parse(PageQuerySchema, req.query)));
  });

  router.post(adminPath(API.admin.users), async (req, res) => {
    const user = await createUser(ctx, parse(CreateUserRequestSchema, req.body));
    ctx.live.changed();
    res.status(201).json({ user });
  });

  router.patch(adminPath(API.admin.user), async (req, res) => {
    const { id } = parse(IdParamSchema, req.params);
    const user = await updateUser(ctx, id, parse(UpdateUserRequestSchema, req.body));
    res.json({ user });
  });

  return router;
}
