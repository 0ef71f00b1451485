import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { type RunningServer, startServer } from '../../../server/start';
import { launchChromium } from './browser';
import { CLIENT_DIST, ensureClientBuilt } from './build';

export interface E2eApp {
  server: RunningServer;
  browser: Browser;
  close(): Promise<void>;
}

/** The built client served by the real server (fresh SQLite file, no seed data) on 127.0.0.1, plus chromium. */
export async function startE2eApp(adminPassword: string): Promise<E2eApp> {
  ensureClientBuilt();
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'prefloop-e2e-'));
  const server = await startServer({
    dbPath: path.join(tmp, 'e2e.db'),
    adminPassword,
    port: 0,
    host: '127.0.0.1',
    seedDemo: false,
    clientDir: CLIENT_DIST,
    quiet: true,
  });
  const browser = await launchChromium();
  return {
    server,
    browser,
    async close() {
      await browser.close();
      await server.close();
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}
