import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importSelfInstruct, makeGenerator } from '../../server/import/self-instruct';
import { initBackend } from '../../server/ml/backend';
import { saveCheckpoint } from '../../server/ml/model/checkpoint';
import { PRESETS } from '../../server/ml/model/config';
import { GPT } from '../../server/ml/model/gpt';
import { API } from '../../shared/api';
import { buildPath, ROUTES } from '../../shared/contract';
import type { ImportSelfInstructResult } from '../../shared/schemas/imports';
import type { Job, JobDetail } from '../../shared/schemas/jobs';
import { rowCount, startTestApp, type TestApp } from '../helpers/app';
import type { ApiClient } from '../helpers/client';
import { waitFor } from '../jobs/helpers';

/** A tiny OpenAI-compatible server: /v1/completions answers `reply` (or `status` with an error body). */
interface FakeOpenAI {
  url: string;
  reply: string;
  /** answer this many calls normally, then fail with 500 */
  failAfter: number;
  /** answer this instead of a completion */
  rawBody?: string;
  requests: { path: string; authorization?: string; body: { model: string; prompt: string } }[];
  close(): Promise<void>;
}

async function startFakeOpenAI(reply: string): Promise<FakeOpenAI> {
  const readBody = (req: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let text = '';
      req.on('data', (c: Buffer) => (text += c.toString()));
      req.on('end', () => resolve(text));
    });
  const fake: Omit<FakeOpenAI, 'url' | 'close'> = { reply, failAfter: Number.POSITIVE_INFINITY, requests: [] };
  const server: Server = createServer(async (req, res) => {
    const body = JSON.parse(await readBody(req));
    fake.requests.push({ path: req.url ?? '', authorization: req.headers.authorization, body });
    res.setHeader('content-type', 'application/json');
    if (req.url !== '/v1/completions') {
      res.statusCode = 404;
      return res.end(JSON.stringify({ error: { message: 'no such route' } }));
    }
    if (fake.requests.length > fake.failAfter) {
      res.statusCode = 500;
      return res.end(JSON.stringify({ error: { message: 'the model fell over' } }));
    }
    if (fake.rawBody !== undefined) return res.end(fake.rawBody);
    res.end(JSON.stringify({ model: body.model, choices: [{ index: 0, text: fake.reply, finish_reason: 'stop' }] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return Object.assign(fake, {
    url,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}

/** A port that was just free: nothing listens there. */
async function deadUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

const EXISTING = ['Summarize the following news article in three sentences.', 'What is the capital of Australia?'];
const SEEDS = ['Name three primary colors.', 'Explain how a bicycle works to a child.', 'List five fruits that are red.'];
const GOOD = [
  'Translate the following English sentence into French.',
  'Give three tips for staying focused while studying at home.',
  'Classify the sentiment of this movie review as positive or negative.',
  'Write a short poem about the ocean at night.',
];
// continues the prompt's open "4.": a near-duplicate of a stored prompt, a banned keyword, one too short
const CANNED = [
  ` ${GOOD[0]}`,
  '5. Summarize the following news article in two sentences.',
  '6. Draw a picture of a cat sitting on a mat.',
  `7. ${GOOD[1]}`,
  `8. ${GOOD[2]}`,
  '9. Hi there',
  `10. ${GOOD[3]}`,
].join('\n');

/**
 * The route queues a self_instruct job (202) and the generation runs as that job: post, then poll the job until
 * it ends. Returns the ended job (its result is the ImportSelfInstructResult when it succeeded).
 */
async function runImport(client: ApiClient, body: unknown): Promise<JobDetail & { result: ImportSelfInstructResult }> {
  const queued = await client.post<Job>(API.admin.importSelfInstruct, body);
  if (queued.status !== 202) throw new Error(`expected 202, got ${queued.status} ${queued.text}`);
  expect(queued.body).toMatchObject({ kind: 'self_instruct', status: 'queued', createdBy: expect.any(Number) });
  return waitFor(`self_instruct job ${queued.body.id}`, async () => {
    const { body: job } = await client.get<JobDetail & { result: ImportSelfInstructResult }>(buildPath(ROUTES.adminJob.path, { id: queued.body.id }));
    return job.status === 'queued' || job.status === 'running' ? undefined : job;
  });
}

const selfInstructTexts = (app: TestApp) =>
  app.server.db.prepare("SELECT text FROM prompts WHERE source = 'self-instruct' ORDER BY id").pluck().all() as string[];

describe('POST /api/admin/import/self-instruct', () => {
  let app: TestApp;
  let fake: FakeOpenAI;
  const endpoint = () => ({ baseUrl: fake.url, model: 'fake-13b', apiKey: 'sk-test' });

  beforeAll(async () => {
    app = await startTestApp();
    fake = await startFakeOpenAI(CANNED);
  });
  afterAll(async () => {
    await fake?.close();
    await app?.close();
  });

  it('asks for seeds when none are given and no prompt is stored (400 at once, no job)', async () => {
    const r = await app.admin.post(API.admin.importSelfInstruct, { target: 3, endpoint: endpoint() });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ error: { code: 'no_seeds', message: expect.stringContaining('seeds') } });
    expect(fake.requests).toHaveLength(0);
    expect(rowCount(app, 'jobs')).toBe(0);
  });

  it('stores exactly the kept instructions, none close to a stored prompt or banned', async () => {
    const imported = await app.admin.post(API.admin.importPrompts, { format: 'lines', content: EXISTING.join('\n') });
    expect(imported.status).toBe(200);

    const job = await runImport(app.admin, { seeds: SEEDS, target: 10, endpoint: endpoint(), seed: 1 });
    expect(job.status, job.error ?? '').toBe('succeeded');
    const r = { body: job.result };
    // progress: one metric record per round
    expect(job.series['self_instruct/kept']).toEqual(Array.from({ length: 10 }, (_, i) => [i + 1, 4]));
    expect(job.progress).toBe(1);
    // 10 rounds (max(10, target)) of the same 7 items: the first keeps 4, later ones find them all similar
    expect(r.body).toMatchObject({
      rows: 4,
      prompts: 4,
      responses: 0,
      comparisons: 0,
      duplicates: 0,
      generated: 70,
      kept: 4,
      rejected: 66,
      seed: 1,
      generator: `openai:fake-13b@${fake.url}`,
      stats: { rounds: 10, seeds: 3, existingPrompts: 2, rejected: { length: 10, keyword: 10, program: 0, punctuation: 0, non_ascii: 0, similar: 46 } },
    });
    expect(r.body.instructions.map((i) => i.text)).toEqual(GOOD);
    expect(r.body.instructions.every((i) => i.created && i.round === 1 && i.maxRouge <= 0.7)).toBe(true);

    expect(selfInstructTexts(app)).toEqual(GOOD);
    const tags = app.server.db.prepare("SELECT DISTINCT tags FROM prompts WHERE source = 'self-instruct'").pluck().all();
    expect(tags).toEqual([JSON.stringify(['self-instruct'])]);
    expect(rowCount(app, 'prompts')).toBe(EXISTING.length + GOOD.length);

    // the generator saw the reference's prompt built from the seeds, with the model and key asked for
    expect(fake.requests).toHaveLength(10);
    const first = fake.requests[0];
    expect(first.path).toBe('/v1/completions');
    expect(first.authorization).toBe('Bearer sk-test');
    expect(first.body.model).toBe('fake-13b');
    expect(first.body.prompt).toMatch(/^Come up with a series of tasks:\n1\. /);
    for (const seed of SEEDS) expect(first.body.prompt).toContain(seed);
    expect(first.body.prompt).not.toContain(EXISTING[0]);
  });

  it('adds nothing when run again', async () => {
    const before = rowCount(app, 'prompts');
    const job = await runImport(app.admin, { seeds: SEEDS, target: 10, endpoint: endpoint(), seed: 1 });
    expect(job.status).toBe('succeeded');
    expect(job.result).toMatchObject({ kept: 0, prompts: 0, duplicates: 0, generated: 70 });
    // even a threshold of 1 (only exact repeats are similar) stores no text twice
    const lenient = { body: (await runImport(app.admin, { seeds: SEEDS, target: 10, endpoint: endpoint(), rougeThreshold: 1 })).result };
    expect(lenient.body.prompts).toBe(1); // only the near-duplicate "two sentences" variant is new at threshold 1
    expect(lenient.body.instructions.map((i) => i.text)).toEqual(['Summarize the following news article in two sentences.']);
    expect(rowCount(app, 'prompts')).toBe(before + 1);
  });

  it('seeds from the stored prompts when no seeds are sent', async () => {
    const stored = app.server.db.prepare('SELECT text FROM prompts').pluck().all() as string[];
    expect(stored.length).toBeLessThanOrEqual(8); // all fit in one prompt
    const water = 'Describe the water cycle in simple terms for a ten year old.';
    fake.reply = ` ${water}`;
    const sent = fake.requests.length;
    const job = await runImport(app.admin, { target: 1, endpoint: endpoint(), seed: 2 });
    fake.reply = CANNED;
    expect(job.status, job.error ?? '').toBe('succeeded');
    const r = { body: job.result };
    expect(r.body).toMatchObject({ kept: 1, prompts: 1, stats: { rounds: 1, seeds: stored.length, existingPrompts: 0 } });
    expect(fake.requests).toHaveLength(sent + 1);
    const prompt = fake.requests[sent].body.prompt;
    for (const text of stored) expect(prompt).toContain(text);
    expect(selfInstructTexts(app).at(-1)).toBe(water);
  });

  it('is for admins only', async () => {
    const annotator = await app.user('ann');
    const sent = fake.requests.length;
    const r = await annotator.post(API.admin.importSelfInstruct, { seeds: SEEDS, target: 2, endpoint: endpoint() });
    expect(r.status).toBe(403);
    expect((await app.anonymous.post(API.admin.importSelfInstruct, { seeds: SEEDS, target: 2 })).status).toBe(401);
    expect(fake.requests).toHaveLength(sent);
  });

  it('rejects bad bodies with 400 and stores nothing (no job either)', async () => {
    const before = rowCount(app, 'prompts');
    const jobsBefore = rowCount(app, 'jobs');
    const sent = fake.requests.length;
    const bodies: unknown[] = [
      {},
      { seeds: SEEDS },
      { seeds: SEEDS, target: 0, endpoint: endpoint() },
      { seeds: SEEDS, target: 501, endpoint: endpoint() },
      { seeds: SEEDS, target: 2.5, endpoint: endpoint() },
      { seeds: SEEDS, target: '3', endpoint: endpoint() },
      { seeds: [], target: 3, endpoint: endpoint() },
      { seeds: 'Name three colors.', target: 3, endpoint: endpoint() },
      { seeds: ['  '], target: 3, endpoint: endpoint() },
      { seeds: SEEDS, target: 3, endpoint: { baseUrl: 'not a url', model: 'm' } },
      { seeds: SEEDS, target: 3, endpoint: { baseUrl: 'ftp://127.0.0.1/', model: 'm' } },
      { seeds: SEEDS, target: 3, endpoint: { baseUrl: fake.url } },
      { seeds: SEEDS, target: 3, endpoint: endpoint(), rougeThreshold: 1.5 },
      { seeds: SEEDS, target: 3, endpoint: endpoint(), seed: -1 },
    ];
    for (const body of bodies) {
      const r = await app.admin.post(API.admin.importSelfInstruct, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body).toMatchObject({ error: { code: 'invalid_request', message: expect.any(String), details: expect.any(Array) } });
    }
    const notJson = await app.admin.request('POST', API.admin.importSelfInstruct, undefined, '{"target":');
    expect(notJson.status).toBe(400);
    expect(rowCount(app, 'prompts')).toBe(before);
    expect(rowCount(app, 'jobs')).toBe(jobsBefore);
    expect(fake.requests).toHaveLength(sent);
  });

  it('fails the job with the reason when the endpoint is down, and stores nothing', async () => {
    const before = rowCount(app, 'prompts');
    const baseUrl = await deadUrl();
    const job = await runImport(app.admin, { seeds: SEEDS, target: 3, endpoint: { baseUrl, model: 'm' } });
    expect(job).toMatchObject({ status: 'failed', result: null, error: expect.stringContaining(`${baseUrl} cannot be reached (ECONNREFUSED)`) });
    expect(rowCount(app, 'prompts')).toBe(before);
  });

  it('stores nothing when the endpoint fails part-way (the job fails with its status)', async () => {
    const before = rowCount(app, 'prompts');
    fake.reply = ' Plan a three day trip to Kyoto for a family of four.\n2. Suggest a name for a bakery that sells only bread.';
    fake.failAfter = fake.requests.length + 1; // the first round answers (and keeps 2), the second fails
    const job = await runImport(app.admin, { seeds: SEEDS, target: 5, endpoint: endpoint() });
    fake.failAfter = Number.POSITIVE_INFINITY;
    fake.reply = CANNED;
    expect(job).toMatchObject({ status: 'failed', error: expect.stringContaining('the model fell over') });
    expect(job.series['self_instruct/kept']).toEqual([[1, 2]]); // the first round was reported, then nothing was stored
    expect(rowCount(app, 'prompts')).toBe(before);

    fake.rawBody = JSON.stringify({ object: 'chat.completion', choices: [{ message: { content: 'hi' } }] });
    const wrong = await runImport(app.admin, { seeds: SEEDS, target: 5, endpoint: endpoint() });
    fake.rawBody = undefined;
    expect(wrong).toMatchObject({ status: 'failed', error: expect.stringContaining('not an OpenAI completion') });
    expect(rowCount(app, 'prompts')).toBe(before);
  });

  it('cancels a run: the job ends cancelled and nothing is stored', async () => {
    const before = rowCount(app, 'prompts');
    const hang = createServer(() => {}); // accepts, never answers
    await new Promise<void>((resolve) => hang.listen(0, '127.0.0.1', resolve));
    try {
      const baseUrl = `http://127.0.0.1:${(hang.address() as AddressInfo).port}`;
      const queued = await app.admin.post<Job>(API.admin.importSelfInstruct, { seeds: SEEDS, target: 3, endpoint: { baseUrl, model: 'm' } });
      expect(queued.status).toBe(202);
      await waitFor('the job to run', async () => (await app.admin.get<Job>(buildPath(ROUTES.adminJob.path, { id: queued.body.id }))).body.status === 'running');
      const cancelled = await app.admin.post<Job>(buildPath(ROUTES.adminJobCancel.path, { id: queued.body.id }));
      expect(cancelled.body).toMatchObject({ status: 'cancelled' });
      expect(rowCount(app, 'prompts')).toBe(before);
    } finally {
      hang.closeAllConnections();
      await new Promise<void>((resolve) => hang.close(() => resolve()));
    }
  });
});

describe('the built-in generator (nano checkpoint, plumbing only)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'prefloop-si-nano-'));
  let app: TestApp;

  beforeAll(async () => {
    await initBackend();
    const model = new GPT(PRESETS.nano, { seed: 0 });
    await saveCheckpoint(dir, model, { tokenizer: 'char' });
    model.dispose();
    app = await startTestApp();
  });
  afterAll(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('samples text in a worker and stores as many prompts as it kept', async () => {
    const generator = makeGenerator({ kind: 'builtin', checkpointDir: dir, seed: 3, maxNewTokens: 16 });
    expect(typeof (await generator('Come up with a series of tasks:\n1. Name three colors.\n2.'))).toBe('string');

    const store = app.server.ctx.store;
    const out = await importSelfInstruct(store, { seeds: SEEDS, generator, target: 2, seed: 0, maxRounds: 2 });
    expect(out.rounds).toBe(2);
    expect(out.prompts).toBe(out.kept);
    expect(selfInstructTexts(app)).toHaveLength(out.kept);
  });

  it('says so when the checkpoint is missing (503 policy_unavailable)', () => {
    expect(() => makeGenerator({ kind: 'builtin', checkpointDir: join(dir, 'nope') })).toThrow(
      expect.objectContaining({ status: 503, code: 'policy_unavailable' }),
    );
  });
});
