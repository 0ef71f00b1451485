// Dataset snapshots (server/snapshots): an export frozen as a named, versioned, hashed file beside the
// database; listed, fetched and downloaded by admins; copied out and created by the CLI; and cited by the
// reward-model job, which trains on exactly the labels it froze.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPath, ROUTES } from '../../shared/contract';
import type { Job } from '../../shared/schemas/jobs';
import type { Snapshot } from '../../shared/schemas/snapshots';
import { initBackend } from '../../server/ml/backend';
import { repoRoot, type TestApp, startTestApp } from '../helpers/app';
import { activateNanoPolicy, waitForJob } from '../helpers/policy-jobs';

const sha256 = (bytes: string | Buffer) => createHash('sha256').update(bytes).digest('hex');
const trlRows = (from: number, n: number) =>
  Array.from({ length: n }, (_, i) => JSON.stringify({ prompt: `Q${from + i}`, chosen: `good ${from + i}`, rejected: `bad ${from + i}` })).join('\n');

describe('dataset snapshots', () => {
  let app: TestApp;
  const out = mkdtempSync(join(tmpdir(), 'prefloop-snapshots-'));
  const importPairs = async (from: number, n: number) =>
    expect((await app.admin.post(ROUTES.adminImportLabelledPairs.path, { format: 'trl', content: trlRows(from, n) })).status).toBe(200);
  const create = (body: Record<string, unknown>) => app.admin.route(ROUTES.adminSnapshotCreate, { body });
  const download = (id: number) => app.admin.route(ROUTES.adminSnapshotDownload, { params: { id } });
  const snapshotsDir = () => join(app.dir, 'snapshots');

  beforeAll(async () => {
    await initBackend();
    app = await startTestApp();
    await importPairs(0, 40);
  });
  afterAll(async () => {
    await app.close();
    rmSync(out, { recursive: true, force: true });
  });

  it('freezes an export as a hashed file, named and versioned; later labels do not change it', async () => {
    const exported = (await app.admin.route(ROUTES.adminExport, { query: { format: 'labels-jsonl' } })).text;
    const first = await create({ name: 'prefs', format: 'labels-jsonl' });
    expect(first.status, first.text).toBe(201);
    expect(first.body).toMatchObject({ name: 'prefs', version: 1, format: 'labels-jsonl', rows: 40, skipped: 0, createdBy: 'admin', bytes: Buffer.byteLength(exported) });
    expect(first.body.sha256).toBe(sha256(exported));
    expect(first.body.filters).toEqual({ mode: 'each_label' });

    await importPairs(40, 10); // new labels after the snapshot
    const file = await download(first.body.id);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
    expect(file.headers.get('content-disposition')).toBe('attachment; filename="prefloop-prefs-v1.jsonl"');
    expect(file.text).toBe(exported); // frozen: still 40 rows
    expect(sha256(file.text)).toBe(first.body.sha256);

    const second = await create({ name: 'prefs', format: 'trl', mode: 'majority', kind: 'train', since: '2000-01-01' });
    expect(second.body).toMatchObject({ name: 'prefs', version: 2, format: 'trl', rows: 50 });
    expect(second.body.filters).toEqual({ mode: 'majority', kind: 'train', since: '2000-01-01T00:00:00.000Z' });
    expect((await download(second.body.id)).text).toBe((await app.admin.route(ROUTES.adminExport, { query: { format: 'trl', mode: 'majority', kind: 'train' } })).text);
    expect((await create({ name: 'other', format: 'labels-parquet' })).body).toMatchObject({ name: 'other', version: 1, rows: 50 });

    // files beside the database, no temp file left behind
    expect(readdirSync(snapshotsDir()).sort()).toEqual(['other-v1.parquet', 'prefs-v1.jsonl', 'prefs-v2.jsonl']);
  });

  it('lists (newest first, by name), gets one, and refuses bad input before writing anything', async () => {
    const all = (await app.admin.route(ROUTES.adminSnapshots)).body;
    expect(all.items.map((s: Snapshot) => `${s.name}@${s.version}`)).toEqual(['other@1', 'prefs@2', 'prefs@1']);
    expect(all.total).toBe(3);
    const prefs = (await app.admin.route(ROUTES.adminSnapshots, { query: { name: 'prefs', limit: 1 } })).body;
    expect(prefs).toMatchObject({ total: 2, limit: 1, items: [{ name: 'prefs', version: 2 }] });
    const one = await app.admin.route(ROUTES.adminSnapshot, { params: { id: all.items[2].id } });
    expect(one.body).toEqual(all.items[2]);
    expect(one.body).not.toHaveProperty('file');

    const count = () => app.server.db.prepare('SELECT count(*) FROM snapshots').pluck().get();
    for (const body of [{ name: 'Bad Name', format: 'trl' }, { name: '', format: 'trl' }, { name: 'x', format: 'parquet' }, { name: 'x', format: 'trl', minAgreement: 2 }, { format: 'trl' }]) {
      const refused = await create(body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.body).toMatchObject({ error: { code: 'invalid_request' } });
    }
    expect((await create({ name: 'x', format: 'trl', policyVersion: 99 })).status).toBe(404);
    expect((await app.admin.route(ROUTES.adminSnapshot, { params: { id: 999 } })).status).toBe(404);
    expect((await download(999)).status).toBe(404);
    expect(count()).toBe(3);
    expect(readdirSync(snapshotsDir())).toHaveLength(3);
    const annotator = await app.user('ann');
    expect((await annotator.route(ROUTES.adminSnapshots)).status).toBe(403);
    expect((await annotator.route(ROUTES.adminSnapshotDownload, { params: { id: 1 } })).status).toBe(403);
  });

  it('trains a reward model on the labels a snapshot froze, and the model cites it', async () => {
    await activateNanoPolicy(app);
    const snapshot = (await app.admin.route(ROUTES.adminSnapshots, { query: { name: 'prefs' } })).body.items.find((s: Snapshot) => s.version === 1) as Snapshot;
    const config = { snapshotId: snapshot.id, steps: 2, batchSize: 8, maxLen: 24, heldoutFraction: 0.2 };
    const created = await app.admin.post<Job>(ROUTES.adminJobCreate.path, { kind: 'rm', config });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const job = await waitForJob(app, created.body.id);
    expect(job.error ?? null).toBeNull();
    const citation = { id: snapshot.id, name: 'prefs', version: 1, sha256: snapshot.sha256, rows: 40 };
    expect(job.result).toMatchObject({ snapshot: citation });
    const model = app.server.ctx.store.rewardModels.active();
    expect(model?.trainedOnLabelCount).toBe(40); // the snapshot's 40, not the 50 stored now
    expect(model?.metrics).toMatchObject({ snapshot: citation });

    // DPO (a policy job) likewise: the new version's config and metrics say which snapshot
    const dpo = await app.admin.post<Job>(ROUTES.adminJobCreate.path, { kind: 'dpo', config: { snapshotId: snapshot.id, steps: 1, batchSize: 4, microBatchSize: 4, maxLen: 24 } });
    expect(dpo.status, JSON.stringify(dpo.body)).toBe(201);
    const dpoJob = await waitForJob(app, dpo.body.id);
    expect(dpoJob.error ?? null).toBeNull();
    expect(dpoJob.result).toMatchObject({ snapshot: citation });
    const policy = app.server.db.prepare('SELECT config, metrics FROM policies WHERE version = 2').get() as { config: string; metrics: string };
    expect(JSON.parse(policy.config)).toMatchObject({ algorithm: 'dpo', snapshotId: snapshot.id });
    expect(JSON.parse(policy.metrics)).toMatchObject({ snapshot: citation, labelCount: 40 });

    // a pair-format snapshot holds no labels; an unknown one is 404
    const trlSnapshot = (await app.admin.route(ROUTES.adminSnapshots, { query: { name: 'prefs' } })).body.items[0];
    const refused = await app.admin.post<{ error: { code: string; message: string } }>(ROUTES.adminJobCreate.path, { kind: 'rm', config: { snapshotId: trlSnapshot.id } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain('labels-jsonl');
    expect((await app.admin.post(ROUTES.adminJobCreate.path, { kind: 'rm', config: { snapshotId: 999 } })).status).toBe(404);
  }, 120_000);

  it('refuses to train on a snapshot whose file changed', async () => {
    const parquet = (await app.admin.route(ROUTES.adminSnapshots, { query: { name: 'other' } })).body.items[0];
    appendFileSync(join(snapshotsDir(), 'other-v1.parquet'), 'tampered');
    const created = await app.admin.post<Job>(ROUTES.adminJobCreate.path, { kind: 'rm', config: { snapshotId: parquet.id, steps: 1, maxLen: 24 } });
    expect(created.status).toBe(201);
    const job = await waitForJob(app, created.body.id);
    expect(job.status).toBe('failed');
    expect(job.error).toContain('other v1');
  }, 60_000);

  describe('prefloop snapshot / export --snapshot (CLI)', () => {
    const cli = (...args: string[]) =>
      promisify(execFile)(process.execPath, ['scripts/prefloop.mjs', ...args], { cwd: repoRoot, env: { ...process.env, PREFLOOP_DB: app.dbPath } });

    it('creates and lists snapshots, and copies one out checked against its hash', async () => {
      const created = await cli('snapshot', 'create', 'cli-set', '--format', 'labels-csv', '--kind', 'train');
      expect(created.stdout).toMatch(/cli-set v1 {2}labels-csv {2}50 rows/);
      const listed = await cli('snapshot', 'list', '--name', 'cli-set');
      expect(listed.stdout.trim().split('\n')).toHaveLength(1);
      const row = app.server.ctx.store.snapshots.byName('cli-set');
      expect(row).toMatchObject({ createdBy: null, filters: { kind: 'train', mode: 'each_label' } });

      const copy = join(out, 'prefs.jsonl');
      const copied = await cli('export', copy, '--snapshot', 'prefs@1');
      expect(copied.stdout).toContain('prefs v1');
      expect(sha256(readFileSync(copy))).toBe(app.server.ctx.store.snapshots.byName('prefs', 1)?.sha256);

      for (const args of [['export', copy, '--snapshot', 'other'], ['export', copy, '--snapshot', 'nope'], ['snapshot', 'create', 'Bad', '--format', 'trl'], ['export', copy, '--snapshot', 'prefs', '--format', 'trl']]) {
        const error = (await cli(...args).catch((e: unknown) => e)) as { code: number; stderr: string };
        expect(error.code, args.join(' ')).toBe(1);
        expect(error.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      }
    }, 60_000);
  });

  it('keeps the download route in the contract table', () => {
    expect(buildPath(ROUTES.adminSnapshotDownload.path, { id: 3 })).toBe('/api/admin/snapshots/3/file');
  });
});
