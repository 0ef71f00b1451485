import { Router } from 'express';
import { API } from '../../../shared/api';
import { LabelSubmitSchema } from '../../../shared/schemas/labels';
import { requireUser, userOf } from '../../auth/middleware';
import type { AppContext } from '../../context';
import { submitLabel } from '../../labels/submit';
import { parse } from '../validate';

export function labelRoutes(ctx: AppContext): Router {
  // 201 for a new label, 200 for a retried key (nothing written). The answer goes out after the commit.
  return Router().post(API.labels, requireUser, async (req, res) => {
    const ack = await submitLabel(ctx, userOf(req).id, parse(LabelSubmitSchema, req.body));
    res.status(ack.duplicate ? 200 : 201).json(ack);
  });
}
