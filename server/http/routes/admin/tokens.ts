import { Router } from 'express';
import { API } from '../../../../shared/api';
import { CreateTokenRequestSchema } from '../../../../shared/schemas/auth';
import { createToken } from '../../../auth/accounts';
import { userOf } from '../../../auth/middleware';
import type { AppContext } from '../../../context';
import { parse } from '../../validate';
import { adminPath } from './path';

export function tokenRoutes(ctx: AppContext): Router {
  // A bearer token for the calling admin's scripts; the secret is in this answer only.
  return Router().post(adminPath(API.admin.tokens), (req, res) => {
    const { label } = parse(CreateTokenRequestSchema, req.body);
    res.status(201).json(createToken(ctx, userOf(req).id, label));
  });
}
