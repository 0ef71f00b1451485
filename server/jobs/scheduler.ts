import type { Job, JobDetail, JobKind } from '../../shared/schemas/jobs';
import { HttpError, notFound, zodDetails } from '../errors';
import type { JobContext, JobKindDefinition, JobKindRegistry, JobRun } from './kind';
import { type JobEvents, JobReporter, noJobEvents } from './reporter';
import { runInWorker } from './run-in-worker';

export interface SchedulerOptions {
  ctx: JobContext;
  kinds: JobKindRegistry;
  events?: JobEvents;
  /** how often a running job's progress and metrics are written and pushed [500 ms] */
  flushIntervalMs?: number;
  /** onLabelsCommitted checks the reward-model schedule at most this often [1000 ms] */
  retrainCheckMs?: number;
  /**
   * nice value of job worker threads [19, the lowest]: training yields the CPU to the event loop, so labels stay
   * fast while a job runs (0 = same priority as the server). bench:labels' paced p99 while a job trained: ×1.3–2.1
   * of idle at nice 10, ×1.7–2.1 at 19 (noise at this size); an idle machine trains as fast at either.
   */
  jobNice?: number;
}

export interface SubmitJob {
  kind: JobKind;
  config: unknown;
  createdBy?: number | null;
  parentJobId?: number | null;
}

interface Running {
  job: Job;
  abort: AbortController;
  done: Promise<void>;
}

const CANCELLED = 'the job was cancelled';
const STOPPED = 'the server stopped while this job ran';

/**
 * The one job system: jobs are rows (queued → running → succeeded | failed | cancelled | interrupted), run one at
 * a time in the order they were queued, each job's body in a worker thread. A thrown error or a crashed worker
 * fails the job, never the server. Cancelling a queued job ends it at once; a running one has its worker
 * terminated. Jobs a killed server left running are marked interrupted by start() and can be rerun.
 */
export class JobScheduler {
  private readonly events: JobEvents;
  private running: Running | undefined;
  private started = false;
  private stopping = false;
  private retrainTimer: NodeJS.Timeout | undefined;
  private idleWaiters: (() => void)[] = [];
  private niceFailureLogged = false;

  constructor(private readonly opts: SchedulerOptions) {
    this.events = opts.events ?? noJobEvents;
  }

  private get store() {
    return this.opts.ctx.store;
  }

  /** Marks the jobs a previous process left running as interrupted, then runs what is queued. Returns how many were interrupted. */
  start(): number {
    const interrupted = this.store.jobs.markInterrupted();
    if (interrupted > 0) this.opts.ctx.log.info(`jobs: ${interrupted} job(s) left running by the last server marked interrupted`);
    this.started = true;
    this.schedulePump();
    return interrupted;
  }

  /** Terminates the running job's worker (the job becomes interrupted; queued jobs stay queued for the next start). */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.retrainTimer);
    const running = this.running;
    if (!running) return;
    running.abort.abort(abortReason(STOPPED));
    await running.done;
  }

  /** The kinds this server runs. */
  kinds(): JobKind[] {
    return Object.keys(this.opts.kinds) as JobKind[];
  }

  /** Validates the config with the kind's schema (400 and no row when it does not fit), stores the job queued. */
  submit({ kind, config, createdBy = null, parentJobId = null }: SubmitJob): Job {
    const def = this.definition(kind);
    const parsed = def.config.safeParse(config ?? {});
    if (!parsed.success) throw new HttpError(400, 'invalid_request', `The config is not valid for a ${kind} job`, zodDetails(parsed.error));
    def.check?.(this.opts.ctx, parsed.data);
    const job = this.store.jobs.create({ kind, config: parsed.data, createdBy, parentJobId });
    this.events.updated(job);
    this.schedulePump();
    return job;
  }

  /** A queued job is cancelled at once; a running one when its worker is gone. 409 when it had already ended. */
  async cancel(id: number): Promise<Job> {
    const job = this.store.jobs.get(id);
    if (!job) throw notFound('Job');
    if (this.running?.job.id === id) {
      this.running.abort.abort(abortReason(CANCELLED));
      await this.running.done;
    } else if (job.status === 'queued' || job.status === 'running') {
      // running but not here: left by another process sharing the file; nothing of ours to terminate
      if (this.store.jobs.finish(id, { status: 'cancelled', error: CANCELLED })) this.announce(id);
    } else {
      throw new HttpError(409, 'job_finished', `Job ${id} is already ${job.status}`);
    }
    return this.store.jobs.get(id) as Job;
  }

  /** A new job with the same kind and config, pointing at the old one. Only a job that has ended can be rerun. */
  rerun(id: number, createdBy: number | null = null): Job {
    const job = this.store.jobs.get(id);
    if (!job) throw notFound('Job');
    if (job.status === 'queued' || job.status === 'running') {
      throw new HttpError(409, 'job_active', `Job ${id} is ${job.status}: cancel it first, or wait for it to end`);
    }
    return this.submit({ kind: job.kind, config: job.config, createdBy, parentJobId: job.id });
  }

  /** A job with its metric curves. */
  detail(id: number): JobDetail {
    const job = this.store.jobs.get(id);
    if (!job) throw notFound('Job');
    return { ...job, series: this.store.jobs.series(id) };
  }

  /** Resolves when nothing runs and nothing is queued (tests, scripts). */
  idle(): Promise<void> {
    if (!this.running && !this.hasQueued()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * Call after labels are committed: at most once per `retrainCheckMs` it checks the reward-model schedule
   * (see checkRewardModelSchedule). Cheap to call on every label.
   */
  onLabelsCommitted(): void {
    if (this.retrainTimer || this.stopping || !this.opts.kinds.rm) return;
    this.retrainTimer = setTimeout(() => {
      this.retrainTimer = undefined;
      try {
        this.checkRewardModelSchedule();
      } catch (err) {
        this.opts.ctx.log.error('jobs: the reward-model schedule check failed', err);
      }
    }, this.opts.retrainCheckMs ?? 1000);
    this.retrainTimer.unref();
  }

  /**
   * DESIGN.md §4 "The loop" (1): when at least `rmRetrainEveryLabels` labels arrived since the newest reward
   * model (all labels when there is none) and no rm job is queued or running, queue one (its config's
   * defaults). A no-op on a server without an `rm` kind. Returns the job it queued.
   */
  checkRewardModelSchedule(): Job | undefined {
    const { store } = this;
    if (!this.opts.kinds.rm || this.stopping || store.jobs.hasActive('rm')) return undefined;
    if (store.jobs.labelsSinceLastRewardModel() < store.settings.rmRetrainEveryLabels()) return undefined;
    const job = this.submit({ kind: 'rm', config: {} });
    this.opts.ctx.log.info(`jobs: ${store.settings.rmRetrainEveryLabels()}+ new labels, reward model retraining queued (job ${job.id})`);
    return job;
  }

  private definition(kind: JobKind): JobKindDefinition {
    const def = this.opts.kinds[kind];
    if (!def) {
      throw new HttpError(400, 'unknown_job_kind', `This server runs no ${kind} jobs (it runs: ${this.kinds().join(', ') || 'none'})`);
    }
    return def;
  }

  private hasQueued(): boolean {
    return this.store.jobs.page({ status: 'queued', limit: 1, offset: 0 }).total > 0;
  }

  private schedulePump(): void {
    setImmediate(() => this.pump());
  }

  /** Starts the oldest queued job when none runs. */
  private pump(): void {
    if (!this.started || this.stopping || this.running) return;
    let job: Job | undefined;
    try {
      job = this.store.jobs.claimNext();
    } catch (err) {
      this.opts.ctx.log.error('jobs: claiming the next job failed', err);
    }
    if (!job) {
      for (const resolve of this.idleWaiters.splice(0)) resolve();
      return;
    }
    const abort = new AbortController();
    const running: Running = { job, abort, done: Promise.resolve() };
    this.running = running;
    running.done = this.run(job, abort.signal).finally(() => {
      this.running = undefined;
      this.pump();
    });
  }

  private async run(job: Job, signal: AbortSignal): Promise<void> {
    const { ctx } = this.opts;
    const reporter = new JobReporter(this.store, job, this.events, ctx.log, this.opts.flushIntervalMs ?? 500);
    this.events.updated(job);
    try {
      const def = this.definition(job.kind);
      const config = def.config.parse(job.config);
      const run: JobRun = { jobId: job.id, signal };
      const input = def.prepare ? await def.prepare(ctx, config, run) : config;
      signal.throwIfAborted();
      const output = await runInWorker(def.task, input, {
        signal,
        onProgress: (update) => reporter.update(update),
        nice: this.opts.jobNice ?? 19,
        onNiceFailed: (reason) => this.logNiceFailure(reason),
      });
      reporter.flush();
      this.store.transaction(() => {
        const result = def.finish ? def.finish(ctx, output, config, run) : output;
        this.store.jobs.finish(job.id, { status: 'succeeded', result });
      });
    } catch (err) {
      reporter.flush();
      this.end(job, signal, err);
    }
    this.announce(job.id);
  }

  private end(job: Job, signal: AbortSignal, err: unknown): void {
    try {
      if (signal.aborted) {
        const stopped = (signal.reason as Error | undefined)?.message === STOPPED;
        this.store.jobs.finish(job.id, { status: stopped ? 'interrupted' : 'cancelled', error: stopped ? STOPPED : CANCELLED });
        return;
      }
      const message = err instanceof Error ? err.message : String(err);
      this.opts.ctx.log.error(`jobs: ${job.kind} job ${job.id} failed: ${message}`);
      this.store.jobs.finish(job.id, { status: 'failed', error: message || 'the job failed' });
    } catch (storeErr) {
      this.opts.ctx.log.error(`jobs: recording the end of job ${job.id} failed`, storeErr);
    }
  }

  private logNiceFailure(reason: string): void {
    if (this.niceFailureLogged) return;
    this.niceFailureLogged = true;
    this.opts.ctx.log.info(`jobs: job workers run at normal priority (${reason})`);
  }

  private announce(id: number): void {
    try {
      const job = this.store.jobs.get(id);
      if (job) this.events.updated(job);
    } catch (err) {
      this.opts.ctx.log.error(`jobs: announcing job ${id} failed`, err);
    }
  }
}

function abortReason(message: string): Error {
  const err = new Error(message);
  err.name = 'AbortError';
  return err;
}
