/**
 * external_trainer (job kind `external`): runs a configured trainer command — a TRL or OpenRLHF launch, or
 * anything that reads a dataset file — on a snapshot's frozen file, the way past one machine (DESIGN.md §5).
 *
 * The command is an argv array run without a shell; in any argument `{snapshot}` is replaced by the snapshot
 * file's path, `{datasetDir}` by a folder holding only that file (what `datasets.load_dataset(DIR)` and so TRL's
 * `--dataset_name` read), `{outDir}` by a fresh output folder beside the database and `{jobId}` by the job id. Its program
 * must be one the server's operator allowed in PREFLOOP_TRAINER_COMMANDS (comma-separated names or paths):
 * an admin account must not be a remote shell on the server by default. The worker streams its output lines
 * into the job (server/jobs/kinds/external-trainer-task.ts); cancelling the job kills the trainer's process
 * group (it runs in a session of its own, its pid in <outDir>/trainer.pid); a non-zero exit fails the job.
 *
 * With `serve` (a generate job's config: an OpenAI-compatible endpoint serving what the trainer produced, e.g. a
 * vLLM server the command starts or restarts on its output folder), once the trainer has exited 0 the worker
 * samples that endpoint exactly as a generate job does (endpoint-samples.ts) and finish stores the pairs in the
 * queue under the endpoint's model name (a model of its own on the leaderboard: vLLM's --served-model-name).
 */
import { copyFileSync, existsSync, linkSync, mkdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { HttpError } from '../../errors';
import { snapshotById, snapshotPath } from '../../snapshots/files';
import { defineJobKind, type JobContext } from '../kind';
import { outputDir } from './common';
import type { ExternalTrainerInput, ExternalTrainerOutput, ExternalTrainerTaskOutput } from './external-trainer-task';
import { type GenerateJobResult, GenerateJobSchema, promptsFor, sampleInput, storeSamples } from './generate';

export const ExternalTrainerConfigSchema = z.strictObject({
  /** the snapshot whose file the trainer reads ({snapshot}) */
  snapshotId: z.number().int().positive(),
  /** argv: the program, then its arguments (no shell: quoting and globs are not interpreted) */
  command: z.array(z.string().min(1).max(4096)).min(1).max(256),
  /** working folder [the server's] */
  cwd: z.string().min(1).optional(),
  /** extra environment variables (added to the server's) */
  env: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.string()).default({}),
  /** after this many seconds the trainer's process group is killed and the job fails [none] */
  timeoutSeconds: z.number().int().positive().optional(),
  /** after a successful run, sample the trained model's endpoint into the queue (a generate job's config) [no] */
  serve: GenerateJobSchema.optional(),
});
export type ExternalTrainerConfig = z.infer<typeof ExternalTrainerConfigSchema>;

export interface ExternalTrainerResult extends ExternalTrainerOutput {
  snapshot: { id: number; name: string; version: number; sha256: string };
  /** with `serve`: the trained model's samples stored as pairs */
  samples?: GenerateJobResult;
}

/** The programs the operator allowed (PREFLOOP_TRAINER_COMMANDS), as written there. */
const allowedPrograms = (): string[] =>
  (process.env.PREFLOOP_TRAINER_COMMANDS ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');

function checkProgram(program: string): void {
  const allowed = allowedPrograms();
  if (allowed.length === 0) throw new HttpError(403, 'trainers_disabled', 'External trainers are off: the server allows none (set PREFLOOP_TRAINER_COMMANDS, e.g. "trl,accelerate,deepspeed")');
  if (!allowed.includes(program) && !allowed.includes(basename(program))) {
    throw new HttpError(403, 'trainer_not_allowed', `${program} is not an allowed trainer (PREFLOOP_TRAINER_COMMANDS: ${allowed.join(', ')})`);
  }
}

const fill = (arg: string, values: Record<string, string>) => arg.replace(/\{(snapshot|datasetDir|outDir|jobId)\}/g, (_, key: string) => values[key]);

/** A folder holding only the snapshot's file (a hard link; a copy across file systems). */
function datasetDir(outDir: string, file: string, name: string): string {
  const dir = join(outDir, 'dataset');
  mkdirSync(dir, { recursive: true });
  const target = join(dir, name);
  if (!existsSync(target)) {
    try {
      linkSync(file, target);
    } catch {
      copyFileSync(file, target);
    }
  }
  return dir;
}

/** Kills the trainer's process group (TERM, then KILL after a grace period) when the job is cancelled or the server stops. */
function killOnAbort(signal: AbortSignal, pidFile: string, graceMs = 5000): void {
  signal.addEventListener(
    'abort',
    () => {
      if (!existsSync(pidFile)) return; // not started yet, or already over (the worker removes it)
      const pid = Number(readFileSync(pidFile, 'utf8'));
      const kill = (sig: NodeJS.Signals) => {
        try {
          process.kill(-pid, sig);
        } catch {
          // the group is gone already
        }
      };
      kill('SIGTERM');
      setTimeout(() => kill('SIGKILL'), graceMs).unref();
    },
    { once: true },
  );
}

export const externalTrainerKind = defineJobKind({
  kind: 'external',
  config: ExternalTrainerConfigSchema,
  task: fileURLToPath(new URL('./external-trainer-task.ts', import.meta.url)),
  check(ctx: JobContext, config: ExternalTrainerConfig) {
    checkProgram(config.command[0]);
    snapshotById(ctx.store, config.snapshotId);
    if (config.serve) promptsFor(ctx, 1); // 409 no_prompts: nothing to sample the trained model on
  },
  prepare(ctx: JobContext, config: ExternalTrainerConfig, run): ExternalTrainerInput {
    const { store } = ctx;
    checkProgram(config.command[0]); // again: the allowed list may have changed since it was queued
    const snapshot = snapshotById(store, config.snapshotId);
    const outDir = join(outputDir(store, 'external-trainers'), `job${run.jobId}`);
    mkdirSync(outDir, { recursive: true });
    const file = snapshotPath(store, snapshot);
    const values = { snapshot: file, datasetDir: datasetDir(outDir, file, snapshot.file), outDir, jobId: String(run.jobId) };
    const pidFile = join(outDir, 'trainer.pid');
    killOnAbort(run.signal, pidFile);
    return {
      argv: config.command.map((arg) => fill(arg, values)),
      cwd: config.cwd,
      env: config.env,
      outDir,
      pidFile,
      timeoutSeconds: config.timeoutSeconds,
      snapshot: { id: snapshot.id, name: snapshot.name, version: snapshot.version, sha256: snapshot.sha256, path: values.snapshot },
      serve: config.serve && sampleInput(ctx, config.serve),
    };
  },
  finish(ctx: JobContext, output: ExternalTrainerTaskOutput, config: ExternalTrainerConfig): ExternalTrainerResult {
    const { samples, ...trainer } = output;
    return samples && config.serve ? { ...trainer, samples: storeSamples(ctx, samples, config.serve) } : trainer;
  },
});
