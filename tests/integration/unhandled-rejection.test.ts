import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { API } from '../../shared/api';
import { type ChildServer, spawnServer, waitForExit } from '../helpers/child';
import { ApiClient } from '../helpers/client';

describe('an unhandled rejection', () => {
  const dir = mkdtempSync(join(tmpdir(), 'prefloop-rejection-'));
  let server: ChildServer | undefined;
  afterAll(() => {
    server?.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('is logged, and the server goes on serving', async () => {
    server = await spawnServer(
      { PREFLOOP_DB: join(dir, 'prefloop.db'), PREFLOOP_ADMIN_PASSWORD: 'rejection-admin' },
      60_000,
      'tests/integration/fixtures/server-with-stray-rejection.ts',
    );
    const running = server;
    await expect.poll(() => running.output(), { timeout: 10_000 }).toMatch(/unhandled promise rejection .*\n?.*a stray rejection nobody awaited/);
    const health = await new ApiClient(running.url).get<{ ok: boolean }>(API.health);
    expect(health.body.ok).toBe(true);
    expect(running.child.exitCode).toBeNull();
    running.child.kill('SIGTERM');
    await waitForExit(running.child);
    expect(running.child.exitCode).toBe(0);
  });
});
