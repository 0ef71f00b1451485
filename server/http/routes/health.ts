import { Router } from 'express';
import { API } from '../../../shared/api';
import type { Health } from '../../../shared/schemas/common';
import type { AppContext } from '../../context';

export function healthRoutes(ctx: AppContext): Router {
  return Router().get(API.health, (_req, res) => {
    const health: Health = { ok: true, version: ctx.info.version, ...(ctx.info.tfBackend ? { tfBackend: ctx.info.tfBackend } : {}) };
    res.json(health);
  });
}
