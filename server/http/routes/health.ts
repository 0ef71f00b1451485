import { Router } from 'express';
import { ROUTES } from '../../../shared/contract';
import type { AppContext } from '../../context';
import { bind } from '../contract';

export function healthRoutes(ctx: AppContext): Router {
  return bind(Router(), ROUTES.health, () => ({
    ok: true,
    version: ctx.info.version,
    ...(ctx.info.tfBackend ? { tfBackend: ctx.info.tfBackend } : {}),
  }));
}
