/**
 * bench:labels — how many labels per second the annotation tier takes, and at what latency.
 *
 *   npm run bench:labels -- [--annotators 200] [--seconds 10] [--rate 1000] [--comparisons 100000]
 *
 * The server runs as a child process (so the simulated annotators do not steal its CPU) on 127.0.0.1 with
 * a temp database. N socket.io clients (bearer tokens) loop queue:next → label:submit, each waiting for
 * its ack, in two phases of --seconds each:
 *   1. saturation: no pause between labels, so the figure is the most the server takes; latency here is
 *      queueing (Little's law: N clients in flight / throughput), not service time;
 *   2. paced: each annotator labels at rate/N per second (--rate 1000: 5 labels/s each), the latency an
 *      annotator sees at that load.
 * Printed next to it: raw better-sqlite3 inserts of the same label rows into a fresh database, one
 * transaction per row as the server commits them, measured in the same run.
 * BENCH_SERVER_ARGS passes node flags to the server, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
 */
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { io, type Socket } from 'socket.io-client';
import { openDatabase } from '../server/store/db';

const { values } = parseArgs({
  options: {
    annotators: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '10' },
    comparisons: { type: 'string', default: '100000' },
    warmup: { type: 'string', default: '1' },
    rate: { type: 'string', default: '1000' },
  },
});
const ANNOTATORS = Number(values.annotators);
const SECONDS = Number(values.seconds);
const COMPARISONS = Number(values.comparisons);
const WARMUP_S = Number(values.warmup);
const PACED_RATE = Number(values.rate);
const ADMIN_PASSWORD = 'bench-admin-password';
const RESPONSES_PER_PROMPT = 10;
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** Users with bearer tokens and `comparisons` open pairs, bulk-inserted before the server starts. */
function prepareDatabase(dbPath: string): string[] {
  const db = openDatabase(dbPath);
  const tokens = Array.from({ length: ANNOTATORS }, () => `pf_${randomBytes(24).toString('base64url')}`);
  db.transaction(() => {
    const user = db.prepare("INSERT INTO users (name, role, password_hash) VALUES (?, 'annotator', 'scrypt$1$1$1$x$x')");
    const token = db.prepare('INSERT INTO api_tokens (token_hash, user_id, label) VALUES (?, ?, ?)');
    for (const [i, t] of tokens.entries()) token.run(sha256(t), user.run(`bench${i}`).lastInsertRowid, 'bench');
    const prompt = db.prepare("INSERT INTO prompts (text, text_hash, source) VALUES (?, ?, 'bench')");
    const response = db.prepare('INSERT INTO responses (prompt_id, model_name, text) VALUES (?, ?, ?)');
    const comparison = db.prepare('INSERT INTO comparisons (prompt_id, response_a, response_b) VALUES (?, ?, ?)');
    // RESPONSES_PER_PROMPT answers per prompt, every pair of them a comparison (45 pairs per prompt)
    for (let made = 0, p = 0; made < COMPARISONS; p++) {
      const text = `Bench prompt ${p}: explain something in a few sentences.`;
      const promptId = prompt.run(text, sha256(text)).lastInsertRowid;
      const ids = Array.from({ length: RESPONSES_PER_PROMPT }, (_, m) =>
        response.run(promptId, `bench-model-${m}`, `Answer ${m} to prompt ${p}. `.repeat(6)).lastInsertRowid,
      );
      for (let i = 0; i < ids.length && made < COMPARISONS; i++) {
        for (let j = i + 1; j < ids.length && made < COMPARISONS; j++, made++) comparison.run(promptId, ids[i], ids[j]);
      }
    }
  })();
  db.close();
  return tokens;
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux); NaN elsewhere. */
function cpuSecondsOf(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks (100/s)
  } catch {
    return Number.NaN;
  }
}

function startServer(dbPath: string): Promise<{ url: string; pid: number; stop: () => void }> {
  const child = spawn(process.execPath, [...(process.env.BENCH_SERVER_ARGS?.split(' ') ?? []), '--import', 'tsx', 'server/index.ts'], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', PREFLOOP_DB: dbPath, PREFLOOP_DEMO: '0', PREFLOOP_ADMIN_PASSWORD: ADMIN_PASSWORD },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match) resolve({ url: match[1], pid: child.pid as number, stop: () => child.kill('SIGTERM') });
    });
    child.once('exit', (code) => reject(new Error(`server exited (${code}): ${out}`)));
  });
}

function connect(url: string, token: string): Promise<Socket> {
  const socket = io(url, { transports: ['websocket'], reconnection: false, forceNew: true, auth: { token } });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

interface Timings {
  next: number[];
  submit: number[];
  labels: number;
  errors: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let keySeq = 0;

/**
 * One annotator: next → submit until the deadline, one label per `intervalMs` (0: as fast as acks come).
 * Only what starts after `measureFrom` is measured.
 */
async function annotate(socket: Socket, measureFrom: number, deadline: number, intervalMs: number, t: Timings): Promise<void> {
  let slot = performance.now() + Math.random() * intervalMs; // spread the paced annotators over the interval
  for (let i = 0; i < 1_000_000 && performance.now() < deadline; i++) {
    if (intervalMs > 0) {
      await sleep(Math.max(0, slot - performance.now()));
      slot = Math.max(slot + intervalMs, performance.now());
    }
    const t0 = performance.now();
    const next = await socket.timeout(30_000).emitWithAck('queue:next', { count: 1 });
    const t1 = performance.now();
    const assignment = next.assignments?.[0];
    if (!assignment) return;
    const ack = await socket.timeout(30_000).emitWithAck('label:submit', {
      assignmentId: assignment.assignmentId,
      pick: i % 3 === 0 ? 'right' : 'left',
      strength: i % 4,
      timeMs: 1000 + i,
      idempotencyKey: `bench-${keySeq++}-${socket.id}`,
    });
    const t2 = performance.now();
    if (t0 < measureFrom) continue;
    if (ack.error) t.errors++;
    else t.labels++;
    t.next.push(t1 - t0);
    t.submit.push(t2 - t1);
  }
}

/** The server's label rows, re-inserted into a fresh database one transaction per row. */
function rawInsertRate(serverDb: string, dir: string): { perSecond: number; rows: number } {
  const rows = new Database(serverDb, { readonly: true })
    .prepare('SELECT comparison_id, assignment_id, user_id, choice, strength, rationale, shown_order, time_ms, idempotency_key, created_at FROM labels')
    .all();
  const db = openDatabase(join(dir, 'raw.db'));
  db.pragma('foreign_keys = OFF'); // the fresh database has no users or comparisons to point at
  db.pragma('wal_autocheckpoint = 0'); // as on the server, whose checkpoints run on a worker thread
  const insert = db.prepare(
    `INSERT INTO labels (comparison_id, assignment_id, user_id, choice, strength, rationale, shown_order, time_ms, idempotency_key, created_at)
     VALUES (@comparison_id, @assignment_id, @user_id, @choice, @strength, @rationale, @shown_order, @time_ms, @idempotency_key, @created_at)`,
  );
  const one = db.transaction((row: unknown) => insert.run(row));
  const started = performance.now();
  for (const row of rows) one(row);
  const seconds = (performance.now() - started) / 1000;
  db.close();
  return { perSecond: rows.length / seconds, rows: rows.length };
}

const percentile = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};
const ms = (x: number) => `${x.toFixed(1)} ms`;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'prefloop-bench-'));
  const dbPath = join(dir, 'bench.db');
  let stop = () => {};
  try {
    const tPrep = performance.now();
    const tokens = prepareDatabase(dbPath);
    console.log(`prepared ${ANNOTATORS} annotators and ${COMPARISONS} comparisons in ${((performance.now() - tPrep) / 1000).toFixed(1)} s`);
    const server = await startServer(dbPath);
    stop = server.stop;
    const sockets = await Promise.all(tokens.map((token) => connect(server.url, token)));
    const phase = async (intervalMs: number) => {
      const timings: Timings = { next: [], submit: [], labels: 0, errors: 0 };
      const measureFrom = performance.now() + WARMUP_S * 1000;
      const deadline = measureFrom + SECONDS * 1000;
      const cpu0 = { server: cpuSecondsOf(server.pid), clients: cpuSecondsOf(process.pid), at: performance.now() };
      await Promise.all(sockets.map((s) => annotate(s, measureFrom, deadline, intervalMs, timings)));
      const wall = (performance.now() - cpu0.at) / 1000;
      const cpu = {
        server: (cpuSecondsOf(server.pid) - cpu0.server) / wall,
        clients: (cpuSecondsOf(process.pid) - cpu0.clients) / wall,
      };
      return { timings, cpu, rate: timings.labels / ((performance.now() - measureFrom) / 1000) };
    };
    const saturated = await phase(0);
    const paced = await phase((1000 * ANNOTATORS) / PACED_RATE);
    for (const s of sockets) s.close();
    stop();
    await new Promise((r) => setTimeout(r, 500));

    const raw = rawInsertRate(dbPath, dir);
    const cpu = `${availableParallelism()} CPUs (${cpus()[0]?.model.trim() ?? 'unknown'})`;
    console.log(`\nprefloop bench:labels — ${ANNOTATORS} socket.io annotators, server in a child process, ${cpu}`);
    console.log(`each phase: ${SECONDS} s measured after ${WARMUP_S} s warm-up, ${COMPARISONS} comparisons in the queue`);
    const report = (name: string, { timings, rate, cpu }: Awaited<ReturnType<typeof phase>>) => {
      console.log(`\n${name}`);
      console.log(`  CPU used              server ${(100 * cpu.server).toFixed(0)}% of a core, the ${ANNOTATORS} clients ${(100 * cpu.clients).toFixed(0)}%`);
      console.log(`  labels acknowledged   ${timings.labels} (${timings.errors} errors)  →  ${rate.toFixed(0)} labels/s`);
      console.log(`  label:submit latency  p50 ${ms(percentile(timings.submit, 50))}   p99 ${ms(percentile(timings.submit, 99))}`);
      console.log(`  queue:next latency    p50 ${ms(percentile(timings.next, 50))}   p99 ${ms(percentile(timings.next, 99))}`);
    };
    report('1. saturation (no pause between labels; latency is mostly queueing)', saturated);
    report(`2. paced at ${PACED_RATE} labels/s offered (${(PACED_RATE / ANNOTATORS).toFixed(1)} labels/s per annotator)`, paced);
    console.log(`\nraw better-sqlite3      ${raw.perSecond.toFixed(0)} inserts/s (the same ${raw.rows} label rows, one transaction each, fresh DB, same pragmas)`);
    console.log(`server / raw            ${((100 * saturated.rate) / raw.perSecond).toFixed(1)} %  (at saturation; per label the server also leases a pair and answers two socket round trips; its commits are grouped)`);
  } finally {
    stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
