import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/app';

const run = promisify(execFile);
const SEED_FILE = resolve(repoRoot, '../shared/data/alpaca_seed_tasks.jsonl');
const HAVE_SEEDS = existsSync(SEED_FILE);
if (!HAVE_SEEDS) console.warn(`cli-self-instruct: skipped, the Alpaca seed tasks are not at ${SEED_FILE}`);

const GOOD = [
  'Suggest a name for a bakery that sells only sourdough bread.',
  'Explain why leaves change colour in autumn to a curious child.',
  'Rewrite this sentence so that it sounds more polite and formal.',
];
// continues the open "9.": a banned keyword and a copy of seed task 0 are rejected
const CANNED = [
  ` ${GOOD[0]}`,
  '10. Draw a map of your neighbourhood and label the shops.',
  `11. ${GOOD[1]}`,
  "12. Is there anything I can eat for a breakfast that doesn't include eggs, yet includes protein, and has roughly 700-1000 calories?",
  `13. ${GOOD[2]}`,
].join('\n');

describe.skipIf(!HAVE_SEEDS)(`prefloop import self-instruct (seeds: ${SEED_FILE})`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'prefloop-cli-si-'));
  const dbPath = join(dir, 'cli.db');
  const env = { ...process.env, PREFLOOP_DB: dbPath };
  const cli = (...args: string[]) => run(process.execPath, ['scripts/prefloop.mjs', ...args], { cwd: repoRoot, env });
  const prompts: { model: string; prompt: string; authorization?: string }[] = [];
  let server: Server;
  let url = '';

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const json = JSON.parse(body);
        prompts.push({ model: json.model, prompt: json.prompt, authorization: req.headers.authorization });
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ model: json.model, choices: [{ index: 0, text: CANNED, finish_reason: 'stop' }] }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((r) => server?.close(() => r()));
    rmSync(dir, { recursive: true, force: true });
  });

  const stored = () => {
    const db = new Database(dbPath, { readonly: true });
    try {
      return db.prepare("SELECT text, tags FROM prompts WHERE source = 'self-instruct' ORDER BY id").all() as { text: string; tags: string }[];
    } finally {
      db.close();
    }
  };

  it('generates from the Alpaca seed tasks with an OpenAI-compatible endpoint, a line per round', async () => {
    const { stdout } = await cli('import', 'self-instruct', '--seeds', SEED_FILE, '--target', '5', '--endpoint', url, '--model', 'fake', '--api-key', 'k', '--seed', '7');
    const rounds = stdout.split('\n').filter((l) => /^round \d+\/10: /.test(l));
    expect(rounds).toHaveLength(10);
    expect(rounds[0]).toBe('round 1/10: 5 generated, 3/5 kept');
    expect(stdout).toContain(`(openai:fake@${url}, seed 7): 50 generated in 10 rounds, 3 kept, 47 rejected (keyword 10, similar 37)`);
    expect(stdout).toContain('3 new prompts');
    expect(stored()).toEqual(GOOD.map((text) => ({ text, tags: '["self-instruct"]' })));

    expect(prompts).toHaveLength(10);
    expect(prompts[0]).toMatchObject({ model: 'fake', authorization: 'Bearer k' });
    // 8 seed instructions, numbered, then the open "9."
    expect(prompts[0].prompt).toMatch(/^Come up with a series of tasks:\n(\d\. .+\n){8}9\.$/);

    // again: everything is now a near-duplicate of a stored prompt
    const again = await cli('import', 'self-instruct', '--seeds', SEED_FILE, '--target', '5', '--endpoint', url, '--model', 'fake', '--seed', '7');
    expect(again.stdout).toContain('0 new prompts');
    expect(stored()).toHaveLength(GOOD.length);
  });

  it('takes plain lines as seeds, and explains bad arguments', async () => {
    const lines = join(dir, 'seeds.txt');
    writeFileSync(lines, 'Name three primary colors.\n\nList five fruits that are red.\n');
    const { stdout } = await cli('import', 'self-instruct', '--seeds', lines, '--target', '1', '--endpoint', url, '--model', 'fake');
    // GOOD is stored already (similar); the breakfast question was only an Alpaca seed, so it is new now
    expect(stdout).toContain('4 generated in 1 rounds, 1 kept, 3 rejected (keyword 1, similar 2)');
    expect(stdout).toContain('1 new prompts');
    expect(prompts.at(-1)?.prompt).toContain('List five fruits that are red.');

    await expect(cli('import', 'self-instruct', '--seeds', lines)).rejects.toMatchObject({ stderr: expect.stringContaining('--target') });
    await expect(cli('import', 'self-instruct', '--seeds', lines, '--target', '1', '--endpoint', url)).rejects.toMatchObject({
      stderr: expect.stringContaining('--model'),
    });
    await expect(cli('import', 'self-instruct', '--seeds', lines, '--target', 'many', '--endpoint', url, '--model', 'm')).rejects.toMatchObject({
      stderr: expect.stringContaining('Invalid arguments'),
    });
    await expect(cli('import', 'self-instruct', '--seeds', join(dir, 'missing.txt'), '--target', '1', '--endpoint', url, '--model', 'm')).rejects.toMatchObject({
      stderr: expect.stringContaining('missing.txt'),
    });
    const down = 'http://127.0.0.1:9'; // a port fetch refuses to use
    await expect(cli('import', 'self-instruct', '--seeds', lines, '--target', '1', '--endpoint', down, '--model', 'm')).rejects.toMatchObject({
      stderr: expect.stringContaining('http://127.0.0.1:9 cannot be reached (bad port)'),
    });
    expect(stored().map((r) => r.text)).toEqual([...GOOD, CANNED.split('\n')[3].slice(4)]);
  });
});
