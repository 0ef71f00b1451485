import express, { type Express } from 'express';
import { API } from '../../shared/api';
import { authenticate } from '../auth/middleware';
import type { AppContext } from '../context';
import { serveClient } from './client';
import { apiNotFound, errorMiddleware } from './errors';
import { ADMIN_PREFIX, adminRoutes } from './routes/admin';
import { authRoutes } from './routes/auth';
import { guidelinesRoutes } from './routes/guidelines';
import { healthRoutes } from './routes/health';
import { labelRoutes } from './routes/labels';
import { queueRoutes } from './routes/queue';
import { securityHeaders } from './security';

/** Imports carry whole files as JSON strings; every other body is small. */
const IMPORT_BODY_LIMIT = '25mb';
const BODY_LIMIT = '64kb';

export function createApp(ctx: AppContext, options: { clientDir?: string } = {}): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(securityHeaders);

  // The first parser that reads a body wins (the others see it finished).
  app.use([API.admin.importPrompts, API.admin.importResponses], express.json({ limit: IMPORT_BODY_LIMIT }));
  app.use(['/api', '/v1'], express.json({ limit: BODY_LIMIT }));
  app.use('/api', authenticate(ctx));

  app.use(healthRoutes(ctx), authRoutes(ctx), queueRoutes(ctx), labelRoutes(ctx), guidelinesRoutes(ctx));
  app.use(ADMIN_PREFIX, adminRoutes(ctx));
  app.use('/api', apiNotFound);

  if (options.clientDir) serveClient(app, options.clientDir);
  app.use(errorMiddleware((message, err) => ctx.log.error(message, err)));
  return app;
}
