import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { API } from '../../shared/api';
import type { AdminComparison } from '../../shared/schemas/admin';
import type { Page } from '../../shared/schemas/common';
import type { AssignmentView } from '../../shared/schemas/queue';
import { parseEnv } from '../../server/env';
import { DEMO_MODELS } from '../../server/seed/demo';
import { startServer } from '../../server/start';
import { type TestApp, startTestApp } from '../helpers/app';

describe('server basics', () => {
  let app: TestApp;
  afterEach(() => app?.close());

  it('answers health without auth, with security headers', async () => {
    app = await startTestApp({ tfBackend: 'wasm' });
    const response = await app.anonymous.get(API.health);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ ok: true, version: expect.any(String), tfBackend: 'wasm' });
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(response.headers.get('x-powered-by')).toBeNull();
  });

  it('serves guidelines to users and lets admins edit them', async () => {
    app = await startTestApp();
    const ann = await app.user('ann');
    const initial = await ann.get<{ markdown: string }>(API.guidelines);
    expect(initial.body.markdown).toMatch(/^# Labelling guidelines/);
    expect((await app.admin.put(API.guidelines, { markdown: '# New rules' })).status).toBe(200);
    expect((await ann.get(API.guidelines)).body).toEqual({ markdown: '# New rules' });
  });

  it('seeds the demo set deterministically, with gold pairs', async () => {
    app = await startTestApp({ seedDemo: true });
    const page = await app.admin.get<Page<AdminComparison>>(`${API.admin.comparisons}?limit=100`);
    expect(page.body.total).toBe(30);
    const gold = page.body.items.filter((c) => c.kind === 'gold');
    expect(gold).toHaveLength(4);
    for (const c of gold) {
      const right = c.goldAnswer === 'a' ? c.responseA : c.responseB;
      expect(right.model).toBe(DEMO_MODELS.careful);
    }
    const first = page.body.items.map((c) => [c.promptText, c.responseA.text, c.responseB.text]);
    const other = await startTestApp({ seedDemo: true });
    const again = await other.admin.get<Page<AdminComparison>>(`${API.admin.comparisons}?limit=100`);
    expect(again.body.items.map((c) => [c.promptText, c.responseA.text, c.responseB.text])).toEqual(first);
    await other.close();
    // an annotator can work on it at once
    const ann = await app.user('ann');
    expect((await ann.post<{ assignments: AssignmentView[] }>(API.queueNext, { count: 3 })).body.assignments).toHaveLength(3);
  });

  it('serves the built client with an SPA fallback, but never for /api', async () => {
    const clientDir = join(process.cwd(), '.tmp', `client-${process.pid}`);
    mkdirSync(join(clientDir, 'assets'), { recursive: true });
    writeFileSync(join(clientDir, 'index.html'), '<!doctype html><title>prefloop</title>');
    writeFileSync(join(clientDir, 'assets', 'app.js'), 'console.log(1)');
    app = await startTestApp({ clientDir });
    expect((await app.anonymous.get('/')).text).toContain('<title>prefloop</title>');
    expect((await app.anonymous.get('/annotate/deep/link')).text).toContain('<title>prefloop</title>');
    expect((await app.anonymous.get('/assets/app.js')).text).toBe('console.log(1)');
    expect((await app.anonymous.get('/api/unknown')).status).toBe(404);
    expect((await app.anonymous.get('/api/unknown')).body).toMatchObject({ error: { code: 'not_found' } });
    rmSync(clientDir, { recursive: true, force: true });
  });

  it('fails to start cleanly when the port is taken, and the database can be opened again', async () => {
    app = await startTestApp();
    await expect(startServer({ dbPath: app.dbPath, port: app.server.port, host: '127.0.0.1', quiet: true })).rejects.toThrow(/EADDRINUSE/);
    expect((await app.admin.get(API.health)).status).toBe(200);
  });

  it('validates the environment with a readable message', () => {
    expect(parseEnv({})).toMatchObject({ PORT: 3000, HOST: '0.0.0.0', PREFLOOP_DB: './data/prefloop.db', PREFLOOP_DEMO: true });
    expect(parseEnv({ PORT: '0', PREFLOOP_DEMO: '0', PREFLOOP_LEASE_SECONDS: '60' })).toMatchObject({ PORT: 0, PREFLOOP_DEMO: false, PREFLOOP_LEASE_SECONDS: 60 });
    expect(() => parseEnv({ PORT: 'eighty', PREFLOOP_ADMIN_PASSWORD: 'short' })).toThrow(/Invalid environment:\n {2}PORT: .*\n {2}PREFLOOP_ADMIN_PASSWORD: must be at least 8 characters/);
  });
});
