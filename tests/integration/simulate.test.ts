// Simulated annotators label through the real server: admin API for their accounts, cookie login, socket.io
// queue:next / label:submit. The stored labels must be exactly what they chose, mapped through the shown order.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API } from '../../shared/api';
import type { CreatedToken } from '../../shared/schemas/auth';
import { generateTasks, getFamily, verify } from '../../server/ml/tasks';
import { createRng } from '../../server/ml/random';
import { type SimulateSummary, type SubmittedLabel, simulateAnnotators } from '../../server/sim/annotators';
import { ADMIN_PASSWORD, repoRoot, rowCount, startTestApp, type TestApp } from '../helpers/app';

const PAIRS = 30;

/** 30 task-world prompts, each answered by two "models": mostly reference vs a realistic mistake, some ties and both-bad. */
function seedRows() {
  const rng = createRng(11);
  const tasks = generateTasks({ seed: 11, count: PAIRS, split: 'train' });
  const first: { prompt: string; output: string }[] = [];
  const second: { prompt: string; output: string }[] = [];
  for (const [i, t] of tasks.entries()) {
    const bad = getFamily(t.family).imperfect(rng, t.verifier, t.answer);
    const framed = `The answer is ${t.answer}.`;
    let [x, y] = [t.answer, bad];
    if (i % 10 === 3 && verify(t.verifier, framed) === 1) y = framed; // equal scores → tie
    if (i % 10 === 7) x = getFamily(t.family).imperfect(createRng(i), t.verifier, t.answer); // often both bad
    if (x === y) y = `${y} `;
    first.push({ prompt: t.prompt, output: x });
    second.push({ prompt: t.prompt, output: y });
  }
  // not a task-world instruction: the annotators cannot score it and skip it
  first.push({ prompt: 'Tell me a joke about cats.', output: 'Why did the cat sit on the computer? To keep an eye on the mouse.' });
  second.push({ prompt: 'Tell me a joke about cats.', output: 'Cats are nice.' });
  return { tasks, first, second };
}

const jsonl = (rows: object[]) => rows.map((r) => JSON.stringify(r)).join('\n');

describe('simulated annotators through socket.io', () => {
  let app: TestApp;
  let summary: SimulateSummary;
  const submitted: SubmittedLabel[] = [];
  const seeded = seedRows();

  beforeAll(async () => {
    app = await startTestApp();
    await app.admin.post(API.admin.importResponses, { format: 'jsonl', model: 'first', content: jsonl(seeded.first) });
    const built = await app.admin.post<{ comparisons: number }>(API.admin.importResponses, { format: 'jsonl', model: 'second', content: jsonl(seeded.second) });
    expect(built.body.comparisons).toBe(PAIRS + 1);
    const token = (await app.admin.post<CreatedToken>(API.admin.tokens, { label: 'simulate' })).body.token;
    summary = await simulateAnnotators({
      url: app.url,
      admin: { token },
      annotators: 3,
      labels: 100, // more than the queue holds: they stop when it is empty
      seed: 5,
      choice: { noise: 0.25, positionBias: 0.1 },
      onLabel: ({ label }) => submitted.push(label),
    });
  }, 60_000);
  afterAll(() => app?.close());

  it('labels every pair once, spread over the three annotators, and stops when the queue is empty', () => {
    expect(summary.submitted).toBe(PAIRS);
    expect(submitted).toHaveLength(PAIRS);
    expect(summary.annotators.map((a) => a.name)).toEqual(['sim-1', 'sim-2', 'sim-3']);
    expect(summary.annotators.every((a) => a.stopped === 'queue_empty' && a.errors.length === 0)).toBe(true);
    expect(summary.annotators.reduce((s, a) => s + a.labels, 0)).toBe(PAIRS);
    expect(summary.annotators.filter((a) => a.labels > 0).length).toBeGreaterThanOrEqual(2);
    expect(new Set(submitted.map((l) => l.assignmentId)).size).toBe(PAIRS);
    const byUser = app.server.db
      .prepare('SELECT u.name, count(*) AS n FROM labels l JOIN users u ON u.id = l.user_id GROUP BY u.name ORDER BY u.name')
      .all() as { name: string; n: number }[];
    expect(byUser).toEqual(summary.annotators.filter((a) => a.labels > 0).map((a) => ({ name: a.name, n: a.labels })));
  });

  it('stores exactly what each annotator picked, mapped from screen side to response a/b by the shown order', () => {
    const rows = app.server.db
      .prepare(
        `SELECT l.assignment_id, l.choice, l.strength, l.shown_order, u.name, ra.text AS a_text, rb.text AS b_text
         FROM labels l JOIN users u ON u.id = l.user_id JOIN comparisons c ON c.id = l.comparison_id
         JOIN responses ra ON ra.id = c.response_a JOIN responses rb ON rb.id = c.response_b`,
      )
      .all() as { assignment_id: number; choice: string; strength: number; shown_order: 'ab' | 'ba'; name: string; a_text: string; b_text: string }[];
    expect(rows).toHaveLength(PAIRS);
    const byAssignment = new Map(submitted.map((l) => [l.assignmentId, l]));
    for (const row of rows) {
      const label = byAssignment.get(row.assignment_id)!;
      expect(row.name).toBe(label.annotator);
      expect(row.strength).toBe(label.strength);
      // what was on the left is response_a exactly when the stored order is 'ab'
      const [left, right] = row.shown_order === 'ab' ? [row.a_text, row.b_text] : [row.b_text, row.a_text];
      expect([left, right]).toEqual([label.leftText, label.rightText]);
      const leftIsA = row.shown_order === 'ab';
      const expected = label.pick === 'left' ? (leftIsA ? 'a' : 'b') : label.pick === 'right' ? (leftIsA ? 'b' : 'a') : label.pick;
      expect(row.choice).toBe(expected);
    }
    expect(new Set(rows.map((r) => r.shown_order))).toEqual(new Set(['ab', 'ba'])); // both orders were exercised
  });

  it('judged the verifier scores of the texts it was shown, with ties and both-bad as such', () => {
    const promptOf = app.server.db
      .prepare('SELECT p.text FROM assignments a JOIN comparisons c ON c.id = a.comparison_id JOIN prompts p ON p.id = c.prompt_id WHERE a.id = ?')
      .pluck();
    const specs = new Map(seeded.tasks.map((t) => [t.prompt, t.verifier]));
    for (const label of submitted) {
      const spec = specs.get(promptOf.get(label.assignmentId) as string)!;
      expect(label.scores).toEqual({ left: verify(spec, label.leftText), right: verify(spec, label.rightText) });
      if (label.againstOracle) expect(label.strength).toBeLessThanOrEqual(1);
    }
    expect(summary.picks.tie).toBeGreaterThan(0);
    expect(summary.picks.both_bad).toBeGreaterThan(0);
  });

  it('skips the pair whose prompt is not a task-world instruction, at most once per annotator, without labelling it', () => {
    // an annotator who found the queue empty while another held the pair has stopped before it came back
    expect(summary.skipped).toBeGreaterThanOrEqual(1);
    expect(summary.skipped).toBeLessThanOrEqual(3);
    const joke = app.server.db
      .prepare("SELECT c.label_count, (SELECT count(*) FROM assignments a WHERE a.comparison_id = c.id AND a.state = 'skipped') AS skips FROM comparisons c JOIN prompts p ON p.id = c.prompt_id WHERE p.text LIKE 'Tell me a joke%'")
      .get();
    expect(joke).toEqual({ label_count: 0, skips: summary.skipped });
  });
});

describe('npx prefloop simulate', () => {
  let app: TestApp;
  const { PREFLOOP_ADMIN_PASSWORD: _, ...env } = process.env;
  const cli = (...args: string[]) => promisify(execFile)(process.execPath, ['scripts/prefloop.mjs', 'simulate', ...args], { cwd: repoRoot, env });

  beforeAll(async () => {
    app = await startTestApp();
    const { first, second } = seedRows();
    await app.admin.post(API.admin.importResponses, { format: 'jsonl', model: 'first', content: jsonl(first.slice(0, 10)) });
    await app.admin.post(API.admin.importResponses, { format: 'jsonl', model: 'second', content: jsonl(second.slice(0, 10)) });
  });
  afterAll(() => app?.close());

  it('labels M pairs with N annotators logged in as the admin, and prints a summary', async () => {
    const { stdout } = await cli('--url', app.url, '--admin-user', 'admin', '--admin-password', ADMIN_PASSWORD, '--annotators', '2', '--labels', '6', '--noise', '0');
    expect(stdout).toMatch(/Submitted 6 labels/);
    expect(stdout).toMatch(/sim-1: \d+ labels/);
    expect(rowCount(app, 'labels')).toBe(6);
  }, 60_000);

  it('explains its options, and refuses bad ones with a message', async () => {
    expect((await cli('--help')).stdout).toContain('--position-bias');
    await expect(cli('--url', app.url, '--annotators', '2', '--labels', '3', '--noise', '2')).rejects.toMatchObject({ stderr: expect.stringContaining('noise') });
    await expect(cli('--url', app.url, '--annotators', '2', '--labels', '3')).rejects.toMatchObject({ stderr: expect.stringContaining('--token') });
    expect(rowCount(app, 'labels')).toBe(6);
  }, 60_000);
});

describe('simulated annotators under the queue rate limit', () => {
  it('wait when the server says "too many requests" and go on: every pair labelled once, no errors', async () => {
    process.env.PREFLOOP_RATE_LIMIT_PER_S = '2'; // per user and queue action, bursts of 4: far slower than they label
    let limited: TestApp | undefined;
    try {
      limited = await startTestApp();
    } finally {
      delete process.env.PREFLOOP_RATE_LIMIT_PER_S;
    }
    try {
      const pairs = 10;
      const { first, second } = seedRows();
      await limited.admin.post(API.admin.importResponses, { format: 'jsonl', model: 'first', content: jsonl(first.slice(0, pairs)) });
      await limited.admin.post(API.admin.importResponses, { format: 'jsonl', model: 'second', content: jsonl(second.slice(0, pairs)) });
      const token = (await limited.admin.post<CreatedToken>(API.admin.tokens, { label: 'simulate' })).body.token;
      const result = await simulateAnnotators({ url: limited.url, admin: { token }, annotators: 2, labels: 100, seed: 3 });
      expect(result.submitted).toBe(pairs);
      expect(result.annotators.map((a) => [a.stopped, a.errors])).toEqual([
        ['queue_empty', []],
        ['queue_empty', []],
      ]);
      expect(result.annotators.reduce((s, a) => s + a.rateLimited, 0)).toBeGreaterThan(0);
      expect(rowCount(limited, 'labels')).toBe(pairs);
    } finally {
      await limited.close();
    }
  }, 60_000);
});
