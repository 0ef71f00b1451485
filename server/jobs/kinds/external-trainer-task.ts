// Worker thread of an external-trainer job: checks the snapshot file, starts the trainer (no shell) in a session
// of its own through trainer-session.mjs (so that a cancel can kill its whole process group, and whatever ends
// it, init reaps it rather than a worker thread that is gone), and streams its stdout/stderr lines into the job: the latest line is the job's message, every line goes to <outDir>/trainer.log, and a line that is a
// JSON object with a numeric `step` is a metric record (`{"step": 10, "loss": 0.61}`; `progress` 0..1 moves the bar).
// Then, with `serve`, it samples the trained model's endpoint as a generate job does (endpoint-samples.ts).
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream, existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { MetricRecord } from '../../../shared/schemas/jobs';
import { defineJobTask, type JobTaskContext } from '../job-task';
import { type GenerateTaskInput, type GenerateTaskOutput, sampleEndpoint } from './endpoint-samples';

export interface ExternalTrainerInput {
  argv: string[];
  cwd?: string;
  env: Record<string, string>;
  outDir: string;
  pidFile: string;
  timeoutSeconds?: number;
  snapshot: { id: number; name: string; version: number; sha256: string; path: string };
  /** the trained model's endpoint and the prompts to sample it on, once the trainer exited 0 */
  serve?: GenerateTaskInput;
}

export interface ExternalTrainerOutput {
  exitCode: number;
  lines: number;
  outDir: string;
  logFile: string;
  /** the last lines the trainer printed */
  tail: string[];
}

export type ExternalTrainerTaskOutput = ExternalTrainerOutput & { snapshot: Omit<ExternalTrainerInput['snapshot'], 'path'>; samples?: GenerateTaskOutput };

const TAIL = 20;
const SESSION = fileURLToPath(new URL('./trainer-session.mjs', import.meta.url));

/** Signals the trainer's process group (its session leader's pid is in the pid file). */
function signalGroup(pidFile: string, signal: NodeJS.Signals): void {
  try {
    process.kill(-Number(readFileSync(pidFile, 'utf8')), signal);
  } catch {
    // not started, or gone already
  }
}

/** A JSON metric line → a record (finite numbers only), else null. */
function metricOf(line: string): { record: MetricRecord | null; progress?: number } | null {
  if (!line.startsWith('{')) return null;
  try {
    const value = JSON.parse(line) as Record<string, unknown>;
    if (typeof value !== 'object' || value === null || !Number.isInteger(value.step) || (value.step as number) < 0) return null;
    const numbers = Object.entries(value).filter(([k, v]) => k !== 'progress' && typeof v === 'number' && Number.isFinite(v));
    const progress = typeof value.progress === 'number' && value.progress >= 0 && value.progress <= 1 ? value.progress : undefined;
    return { record: Object.fromEntries(numbers) as MetricRecord, progress };
  } catch {
    return null;
  }
}

function runTrainer(input: ExternalTrainerInput, job: JobTaskContext): Promise<ExternalTrainerOutput> {
  const logFile = join(input.outDir, 'trainer.log');
  const log = createWriteStream(logFile, { flags: 'a' });
  const tail: string[] = [];
  let lines = 0;
  let progress = 0;
  let lastError = ''; // the last stderr line: what a failed trainer's message quotes (a traceback ends there)
  const program = input.argv[0];
  const exitFile = join(input.outDir, 'trainer.exit');
  rmSync(exitFile, { force: true });
  const launcher = [SESSION, 'launch', exitFile, input.pidFile, input.cwd ?? '', ...input.argv];
  const child = spawn(process.execPath, launcher, { env: { ...process.env, ...input.env }, stdio: ['ignore', 'pipe', 'pipe'] });

  const onLine = (stream: 'out' | 'err') => (line: string) => {
    lines++;
    log.write(`${stream === 'err' ? '! ' : ''}${line}\n`);
    tail.push(line);
    if (tail.length > TAIL) tail.shift();
    if (stream === 'err') lastError = line;
    const metric = metricOf(line);
    if (metric?.record) job.metrics(metric.record);
    if (metric?.progress !== undefined) progress = metric.progress;
    job.progress(progress, line.slice(0, 500));
  };
  if (child.stdout) createInterface({ input: child.stdout }).on('line', onLine('out'));
  if (child.stderr) createInterface({ input: child.stderr }).on('line', onLine('err'));

  return new Promise((resolve, reject) => {
    let timedOut = false;
    const timer =
      input.timeoutSeconds === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            signalGroup(input.pidFile, 'SIGKILL');
          }, input.timeoutSeconds * 1000);
    child.on('error', (err) => reject(new Error(`could not start the trainer session: ${err.message}`)));
    // 'close': the launcher has exited and the pipes it handed on are closed (the trainer has ended); the job ends
    // once every line is in trainer.log (end's callback: the file stream has flushed), so a reader finds them all
    child.on('close', () => {
      clearTimeout(timer);
      rmSync(input.pidFile, { force: true });
      log.end(() => settle());
    });
    const settle = () => {
      const exit = existsSync(exitFile) ? (JSON.parse(readFileSync(exitFile, 'utf8')) as { code?: number | null; signal?: string | null; error?: string }) : { signal: 'SIGKILL' };
      const last = lastError || (tail.at(-1) ?? '');
      if (timedOut) return reject(new Error(`${program} ran past ${input.timeoutSeconds} s and was killed`));
      if (exit.error) return reject(new Error(`could not start ${program}: ${exit.error}`));
      if (exit.code !== 0) return reject(new Error(`${program} ${exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`}${last ? `: ${last.slice(0, 300)}` : ''}`));
      resolve({ exitCode: 0, lines, outDir: input.outDir, logFile, tail });
    };
  });
}

defineJobTask<ExternalTrainerInput, ExternalTrainerTaskOutput>(async (input, job) => {
  const { path, ...snapshot } = input.snapshot;
  const sha256 = createHash('sha256').update(readFileSync(path)).digest('hex');
  if (sha256 !== snapshot.sha256) throw new Error(`snapshot ${snapshot.name} v${snapshot.version}: its file ${path} is not the one frozen (sha256 ${sha256.slice(0, 12)}…)`);
  job.progress(0, `running ${input.argv[0]} on ${snapshot.name} v${snapshot.version}`);
  const trainer = await runTrainer(input, job);
  if (!input.serve) return { ...trainer, snapshot };
  job.progress(0, `sampling ${input.serve.endpoint.model} on ${input.serve.prompts.length} prompts`);
  return { ...trainer, snapshot, samples: await sampleEndpoint(input.serve, job) };
});
