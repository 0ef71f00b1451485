import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { API } from '../../shared/api';
import type { PublicUser, Role } from '../../shared/schemas/auth';
import { type RunningServer, type StartOptions, startServer } from '../../server/start';
import { ApiClient } from './client';

export const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const ADMIN_PASSWORD = 'admin-password-for-tests';

export interface TestApp {
  server: RunningServer;
  url: string;
  dir: string;
  dbPath: string;
  /** logged-in admin client */
  admin: ApiClient;
  anonymous: ApiClient;
  /** creates a user through the admin API and logs them in */
  user(name: string, role?: Role, password?: string): Promise<ApiClient & { user: PublicUser }>;
  close(): Promise<void>;
}

/** A movable clock for lease expiry tests. */
export function testClock(start = Date.parse('2030-01-01T00:00:00.000Z')) {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}

/** The real app on 127.0.0.1 with a fresh SQLite file in the OS temp folder. */
export async function startTestApp(options: Partial<StartOptions> = {}): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'prefloop-test-'));
  const dbPath = join(dir, 'prefloop.db');
  const server = await startServer({
    dbPath,
    adminPassword: ADMIN_PASSWORD,
    port: 0,
    host: '127.0.0.1',
    quiet: true,
    clientDir: join(dir, 'no-client'),
    ...options,
  });
  const anonymous = new ApiClient(server.url);
  const admin = await anonymous.login('admin', ADMIN_PASSWORD);
  return {
    server,
    url: server.url,
    dir,
    dbPath,
    admin,
    anonymous,
    async user(name, role = 'annotator', password = `${name}-password`) {
      const created = await admin.post(API.admin.users, { name, password, role });
      if (created.status !== 201) throw new Error(`creating ${name}: ${created.status} ${JSON.stringify(created.body)}`);
      const client = await anonymous.login(name, password);
      return Object.assign(client, { user: (created.body as { user: PublicUser }).user });
    },
    async close() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Row count of a table, straight from the database. */
export const rowCount = (app: TestApp, table: string): number =>
  app.server.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;

/** The trigger-kept counters and lease counts against real counts: {} when they all agree. */
export function counterDrift(db: RunningServer['db']): Record<string, [number, number]> {
  const real: Record<string, string> = {
    prompts: 'SELECT count(*) FROM prompts',
    responses: 'SELECT count(*) FROM responses',
    labels: 'SELECT count(*) FROM labels',
    comparisons: 'SELECT count(*) FROM comparisons',
    comparisons_open: "SELECT count(*) FROM comparisons WHERE status = 'open' AND kind <> 'gold'",
    comparisons_complete: "SELECT count(*) FROM comparisons WHERE status = 'complete'",
  };
  const drift: Record<string, [number, number]> = {};
  for (const [name, sql] of Object.entries(real)) {
    const kept = db.prepare('SELECT value FROM counters WHERE name = ?').pluck().get(name) as number;
    const counted = db.prepare(sql).pluck().get() as number;
    if (kept !== counted) drift[name] = [kept, counted];
  }
  const leases = db
    .prepare("SELECT count(*) FROM comparisons c WHERE leased_count <> (SELECT count(*) FROM assignments a WHERE a.comparison_id = c.id AND a.state = 'leased')")
    .pluck()
    .get() as number;
  if (leases > 0) drift.leased_count = [leases, 0];
  return drift;
}
