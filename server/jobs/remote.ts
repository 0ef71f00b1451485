/**
 * The job API seen from a script or the CLI: a small client over a running server (bearer token) and
 * `followJob`, which polls a job until it ends, with a progress bar on a terminal. train-rm, train-policy and
 * the like queue their job and follow it with this.
 */
import cliProgress from 'cli-progress';
import { buildPath, buildQuery, ROUTES } from '../../shared/contract';
import { type Job, type JobDetail, JobDetailSchema, JobSchema, type JobsQuery, JobsPageSchema } from '../../shared/schemas/jobs';
import type { Page } from '../../shared/schemas/common';

export class JobsApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'JobsApiError';
  }
}

export interface JobsClientOptions {
  /** the server [http://127.0.0.1:3000] */
  url: string;
  /** an admin's bearer token (POST /api/admin/tokens) */
  token: string;
  timeoutMs?: number;
}

export function jobsClient({ url, token, timeoutMs = 10_000 }: JobsClientOptions) {
  const send = async (method: string, path: string, body?: unknown): Promise<unknown> => {
    let response: Response;
    try {
      response = await fetch(new URL(path, url), {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      throw new Error(`Cannot reach the server at ${url} (${(err as Error).message}): is it running? (--url, PREFLOOP_URL)`);
    }
    const text = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    if (!response.ok) {
      const error = (json as { error?: { code?: string; message?: string } } | undefined)?.error;
      throw new JobsApiError(response.status, error?.code ?? 'http_error', `${response.status} ${error?.message ?? text.slice(0, 200)}`);
    }
    return json;
  };
  return {
    list: async (query: Partial<JobsQuery> = {}): Promise<Page<Job>> =>
      JobsPageSchema.parse(await send('GET', `${ROUTES.adminJobs.path}${buildQuery(query)}`)),
    get: async (id: number): Promise<JobDetail> => JobDetailSchema.parse(await send('GET', buildPath(ROUTES.adminJob.path, { id }))),
    create: async (kind: Job['kind'], config: Record<string, unknown> = {}): Promise<Job> =>
      JobSchema.parse(await send('POST', ROUTES.adminJobCreate.path, { kind, config })),
    cancel: async (id: number): Promise<Job> => JobSchema.parse(await send('POST', buildPath(ROUTES.adminJobCancel.path, { id }))),
    rerun: async (id: number): Promise<Job> => JobSchema.parse(await send('POST', buildPath(ROUTES.adminJobRerun.path, { id }))),
  };
}
export type JobsClient = ReturnType<typeof jobsClient>;

export const isFinished = (job: Job): boolean => job.status !== 'queued' && job.status !== 'running';

export interface FollowOptions {
  /** [500 ms] */
  pollMs?: number;
  /** a progress bar on stderr [when stderr is a terminal] */
  bar?: boolean;
  onUpdate?: (job: Job) => void;
  signal?: AbortSignal;
}

/** Polls the job until it ends and returns it as it ended (whatever the status: the caller decides). */
export async function followJob(client: JobsClient, id: number, { pollMs = 500, bar = process.stderr.isTTY, onUpdate, signal }: FollowOptions = {}): Promise<JobDetail> {
  const progress = bar
    ? new cliProgress.SingleBar(
        { format: `job ${id} [{bar}] {percentage}% | {status} | {message}`, hideCursor: true, stream: process.stderr },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  progress?.start(100, 0, { status: 'queued', message: '' });
  try {
    for (;;) {
      signal?.throwIfAborted();
      const job = await client.get(id);
      onUpdate?.(job);
      progress?.update(Math.round(job.progress * 100), { status: job.status, message: job.message ?? '' });
      if (isFinished(job)) return job;
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  } finally {
    progress?.stop();
  }
}
