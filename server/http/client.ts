import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Express } from 'express';

/** Paths the server answers itself; everything else may be a client-side route. */
const SERVER_PATHS = /^\/(api|v1|socket\.io)(\/|$)/;

/** Serves the built client (vite build → dist/client) with an SPA fallback to index.html, when it exists. */
export function serveClient(app: Express, dir: string): boolean {
  const index = join(dir, 'index.html');
  if (!existsSync(index)) return false;
  app.use(express.static(dir, { index: false, maxAge: '1h' }));
  app.use((req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || SERVER_PATHS.test(req.path)) return next();
    res.set('Cache-Control', 'no-cache').sendFile(index, { dotfiles: 'allow' });
  });
  return true;
}
