/**
 * bench:labels — how many labels per second the annotation tier takes, at what latency, and what a training job
 * running beside it costs the annotators.
 *
 *   npm run bench:labels -- [--annotators 500] [--seconds 10] [--rate 1000] [--comparisons 1000000] [--quick]
 *                           [--protocol one-trip|two-trips]
 *
 * The server runs as a child process (server/index.ts, so the simulated annotators do not steal its CPU) on
 * 127.0.0.1 over a temp database seeded through server/store with `--comparisons` open pairs. N socket.io clients
 * (bearer tokens) label pair after pair, each waiting for its ack (--protocol one-trip, the default: each
 * label:submit carries next: 1 and its ack brings the next pair; two-trips: queue:next before every
 * label:submit), in three phases of --seconds each
 * (measured after --warmup seconds):
 *   a. saturation: no pause between labels, so the figure is the most the server takes; latency here is
 *      queueing (Little's law: N clients in flight / throughput), not service time;
 *   b. paced: each annotator labels at rate/N per second (--rate 1000, 500 annotators: 2 labels/s each), the
 *      latency an annotator sees at that load;
 *   c. the same paced load while a reward-model job trains on the labels so far (a real job, queued through
 *      POST /api/admin/jobs and run by the server's job system in a worker thread; cancelled afterwards).
 * Printed with them: raw better-sqlite3 inserts of the same label rows into a fresh database, one transaction per
 * row as the server commits them, measured in the same run. --quick: 10⁵ comparisons, 3 s phases (a smoke run).
 */
import { rmSync, mkdtempSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { jobsClient, type JobsClient } from '../server/jobs/remote';
import { STARTER_CHECKPOINT_DIR } from '../server/ml/generation/generate-pairs';
import { annotate, connect, newTimings, percentile, type Protocol, type Timings } from './support/labels-load';
import { rawInsertRate } from './support/labels-raw';
import { seedBenchDatabase } from './support/labels-seed';
import { type ServerProcess, startServerProcess, threadCpu } from './support/server-process';

const { values } = parseArgs({
  options: {
    annotators: { type: 'string', default: '500' },
    seconds: { type: 'string' },
    comparisons: { type: 'string' },
    warmup: { type: 'string', default: '1' },
    rate: { type: 'string', default: '1000' },
    quick: { type: 'boolean', default: false },
    protocol: { type: 'string', default: 'one-trip' },
  },
});
const ANNOTATORS = Number(values.annotators);
const SECONDS = Number(values.seconds ?? (values.quick ? 3 : 10));
const COMPARISONS = Number(values.comparisons ?? (values.quick ? 100_000 : 1_000_000));
const WARMUP_S = Number(values.warmup);
const PACED_RATE = Number(values.rate);
const PROTOCOL = values.protocol as Protocol;
if (PROTOCOL !== 'one-trip' && PROTOCOL !== 'two-trips') throw new Error(`--protocol one-trip|two-trips, got ${values.protocol}`);
/** the training phase's job: a reward model on the starter trunk, more steps than the phase lasts */
const TRAINING_JOB = { kind: 'rm', config: { steps: 1_000_000, referenceSamples: 1 } } as const;

interface PhaseResult {
  timings: Timings;
  rate: number; // labels/s acknowledged
  serverCpu: number; // cores: server threads at normal priority (event loop, libuv, GC)
  trainingCpu: number; // cores: niced threads (the job's worker)
}

async function runPhase(server: ServerProcess, sockets: Awaited<ReturnType<typeof connect>>[], intervalMs: number): Promise<PhaseResult> {
  const timings = newTimings();
  const measureFrom = performance.now() + WARMUP_S * 1000;
  const deadline = measureFrom + SECONDS * 1000;
  let cpu0 = threadCpu(server.pid);
  const sampleCpu = setTimeout(() => (cpu0 = threadCpu(server.pid)), WARMUP_S * 1000);
  await Promise.all(sockets.map((s) => annotate(s, PROTOCOL, measureFrom, deadline, intervalMs, timings)));
  clearTimeout(sampleCpu);
  const seconds = (performance.now() - measureFrom) / 1000;
  const cpu = threadCpu(server.pid);
  return {
    timings,
    rate: timings.labels / seconds,
    serverCpu: (cpu.normal - cpu0.normal) / seconds,
    trainingCpu: (cpu.niced - cpu0.niced) / seconds,
  };
}

/** Queues the training job and resolves once it has taken its first optimizer step (its id, that step). */
async function startTraining(jobs: JobsClient): Promise<number> {
  const job = await jobs.create(TRAINING_JOB.kind, TRAINING_JOB.config);
  let now = job;
  for (let waited = 0; waited < 300_000; waited += 250) {
    now = await jobs.get(job.id);
    if (now.status !== 'queued' && now.status !== 'running') throw new Error(`the training job ${now.status}: ${now.error}`);
    if ((now.metrics?.step ?? 0) >= 1) return job.id;
    if (waited % 10_000 === 0) console.log(`waiting for the ${job.kind} job's first step: ${now.status}, ${now.message ?? ''}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the training job took no step in 5 minutes (${now.status}, ${now.message ?? ''})`);
}

const stepOf = async (jobs: JobsClient, id: number) => (await jobs.get(id)).metrics?.step ?? 0;

function printTable(rows: [string, PhaseResult][], idle: PhaseResult, training: PhaseResult, raw: { perSecond: number; rows: number }, steps: number): void {
  const ms = (x: number) => x.toFixed(1).padStart(5);
  const pct = (x: number) => `${(100 * x).toFixed(0)} %`;
  const p = (xs: number[]) => `${ms(percentile(xs, 50))} / ${ms(percentile(xs, 99))} ms`;
  const ratio = (f: (r: PhaseResult) => number[], q: number) => (percentile(f(training), q) / percentile(f(idle), q)).toFixed(2);
  const widths = [9, 8, 20, 20, 12, 10];
  const line = (cells: string[]) => console.log(`${cells[0].padEnd(50)}${cells.slice(1).map((c, i) => c.padStart(widths[i])).join('')}`);
  line(['phase', 'labels/s', 'errors', 'submit p50 / p99', 'next p50 / p99', 'server CPU', 'job CPU']);
  for (const [name, r] of rows) {
    line([name, r.rate.toFixed(0), String(r.timings.errors), p(r.timings.submit), p(r.timings.next), pct(r.serverCpu), pct(r.trainingCpu)]);
  }
  line(['c ÷ b (training ÷ idle)', '', '', `×${ratio((r) => r.timings.submit, 50)} / ×${ratio((r) => r.timings.submit, 99)}`, `×${ratio((r) => r.timings.next, 50)} / ×${ratio((r) => r.timings.next, 99)}`, '', '']);
  line(['raw better-sqlite3 inserts (reference)', raw.perSecond.toFixed(0), '', '', '', '', '']);
  console.log(`\nraw: the same ${raw.rows} label rows re-inserted one transaction each into a fresh database, same pragmas.`);
  console.log(`server ÷ raw at saturation: ${((100 * rows[0][1].rate) / raw.perSecond).toFixed(1)} % (per label the server also leases a pair and answers ${PROTOCOL === 'one-trip' ? 'one socket round trip' : 'two socket round trips'}; its commits are grouped)`);
  console.log(`during c the ${TRAINING_JOB.kind} job took ${steps} optimizer steps; job CPU = the server's threads at a lower OS priority (the job's worker)`);
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'prefloop-bench-'));
  const dbPath = join(dir, 'bench.db');
  let server: ServerProcess | undefined;
  try {
    const tPrep = performance.now();
    const seeded = seedBenchDatabase(dbPath, { annotators: ANNOTATORS, comparisons: COMPARISONS, starterDir: STARTER_CHECKPOINT_DIR });
    console.log(`seeded ${ANNOTATORS} annotators and ${COMPARISONS} comparisons through server/store in ${((performance.now() - tPrep) / 1000).toFixed(1)} s`);
    server = await startServerProcess(dbPath);
    const jobs = jobsClient({ url: server.url, token: seeded.adminToken });
    const sockets = await Promise.all(seeded.annotatorTokens.map((token) => connect((server as ServerProcess).url, token)));
    const pacedMs = (1000 * ANNOTATORS) / PACED_RATE;

    const saturated = await runPhase(server, sockets, 0);
    const idle = await runPhase(server, sockets, pacedMs);
    const jobId = await startTraining(jobs);
    const stepsBefore = await stepOf(jobs, jobId);
    const training = await runPhase(server, sockets, pacedMs);
    const steps = (await stepOf(jobs, jobId)) - stepsBefore;
    await jobs.cancel(jobId);
    for (const s of sockets) s.close();
    server.stop();
    await new Promise((r) => setTimeout(r, 500));

    const raw = rawInsertRate(dbPath, dir);
    console.log(`\nprefloop bench:labels — ${ANNOTATORS} socket.io annotators, server in a child process, ${availableParallelism()} CPUs (${cpus()[0]?.model.trim() ?? 'unknown'})`);
    console.log(`each phase ${SECONDS} s measured after ${WARMUP_S} s warm-up; ${COMPARISONS} comparisons in the queue; CPU in cores (100 % = one core)`);
    console.log(
      PROTOCOL === 'one-trip'
        ? 'protocol one-trip: each label:submit carries next: 1 and its ack brings the next pair (next = that same round trip)\n'
        : 'protocol two-trips: queue:next, then label:submit, for every label\n',
    );
    const paced = `paced, ${PACED_RATE} labels/s offered`;
    printTable(
      [
        [`a. saturation (latency is queueing)`, saturated],
        [`b. ${paced}`, idle],
        [`c. ${paced}, a job training`, training],
      ],
      idle,
      training,
      raw,
      steps,
    );
  } finally {
    server?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
