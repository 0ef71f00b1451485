import express, { type Express } from 'express';
import { ROUTE_LIST } from '../../shared/contract';
import { authenticate } from '../auth/middleware';
import type { AppContext } from '../context';
import { serveClient } from './client';
import { apiNotFound, errorMiddleware } from './errors';
import { adminRoutes } from './routes/admin';
import { authRoutes } from './routes/auth';
import { guidelinesRoutes } from './routes/guidelines';
import { healthRoutes } from './routes/health';
import { labelRoutes } from './routes/labels';
import { queueRoutes } from './routes/queue';
import { securityHeaders } from './security';

/** Every body is small, except on routes whose contract entry says otherwise (imports carry whole files). */
const BODY_LIMIT = '64kb';

/** limit → the paths of the contract routes that declare it */
function largeBodyPaths(): Map<string, string[]> {
  const byLimit = new Map<string, string[]>();
  for (const { bodyLimit, path } of ROUTE_LIST) if (bodyLimit) byLimit.set(bodyLimit, [...(byLimit.get(bodyLimit) ?? []), path]);
  return byLimit;
}

export function createApp(ctx: AppContext, options: { clientDir?: string } = {}): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(securityHeaders);

  // The first parser that reads a body wins (the others see it finished).
  for (const [limit, paths] of largeBodyPaths()) app.use(paths, express.json({ limit }));
  app.use(['/api', '/v1'], express.json({ limit: BODY_LIMIT }));
  app.use('/api', authenticate(ctx));

  app.use(healthRoutes(ctx), authRoutes(ctx), queueRoutes(ctx), labelRoutes(ctx), guidelinesRoutes(ctx));
  app.use(adminRoutes(ctx));
  app.use('/api', apiNotFound);

  if (options.clientDir) serveClient(app, options.clientDir);
  app.use(errorMiddleware((message, err) => ctx.log.error(message, err)));
  return app;
}
