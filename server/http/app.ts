import express, { type Express } from 'express';
import { ROUTE_LIST, type Route } from '../../shared/contract';
import { admitBeforeBody, authenticate } from '../auth/middleware';
import { authSettingsOf } from '../auth/settings';
import type { AppContext } from '../context';
import { largeJsonBody } from './body';
import { serveClient } from './client';
import { apiNotFound, errorMiddleware } from './errors';
import { originGuard } from './origin';
import { adminRoutes } from './routes/admin';
import { authRoutes } from './routes/auth';
import { guidelinesRoutes } from './routes/guidelines';
import { healthRoutes } from './routes/health';
import { labelRoutes } from './routes/labels';
import { queueRoutes } from './routes/queue';
import { tokenRoutes } from './routes/tokens';
import { v1ErrorMiddleware, v1NotFound, v1Routes } from './routes/v1';
import { securityHeaders } from './security';

/** Every body is small, except on routes whose contract entry says otherwise (imports carry whole files). */
const BODY_LIMIT = '64kb';

/** The contract routes that declare a larger body limit. */
const largeBodyRoutes = () => ROUTE_LIST.filter((route): route is Route & { bodyLimit: string } => route.bodyLimit !== undefined);

export function createApp(ctx: AppContext, options: { clientDir?: string } = {}): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(securityHeaders);
  app.set('trust proxy', authSettingsOf(ctx).trustProxy); // req.ip: the client's address behind a reverse proxy
  app.use(['/api', '/v1'], originGuard()); // before any body is read

  // Identity first (headers only), then bodies. A large body is read only for a caller its route admits: an
  // anonymous or annotator upload to an import route is refused before its first byte is parsed.
  // The first parser that reads a body wins (the others see it finished).
  app.use(['/api', '/v1'], authenticate(ctx));
  // a large body is parsed a piece at a time (body.ts): never one JSON.parse of megabytes on the event loop
  for (const route of largeBodyRoutes()) app.use(route.path, admitBeforeBody(route.auth), ...largeJsonBody(route.bodyLimit));
  app.use(['/api', '/v1'], express.json({ limit: BODY_LIMIT }));

  app.use(healthRoutes(ctx), authRoutes(ctx), tokenRoutes(ctx), queueRoutes(ctx), labelRoutes(ctx), guidelinesRoutes(ctx));
  app.use(adminRoutes(ctx));
  app.use('/api', apiNotFound);
  app.use(v1Routes(ctx));
  app.use('/v1', v1NotFound, v1ErrorMiddleware((message, err) => ctx.log.error(message, err))); // OpenAI's error shape

  if (options.clientDir) serveClient(app, options.clientDir);
  app.use(errorMiddleware((message, err) => ctx.log.error(message, err)));
  return app;
}
