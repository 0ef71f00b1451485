import type { LoginLimiter } from './auth/rateLimit';
import type { AuthSettings } from './auth/settings';
import type { Clock } from './clock';
import type { DataReadPool } from './data-browser/read-pool';
import type { JobScheduler } from './jobs/scheduler';
import type { LiveUpdates } from './live';
import type { QueueLimiter } from './queue/limits';
import type { PolicyServer } from './serving/policy-server';
import type { Store } from './store';
import type { GroupCommit } from './store/groupCommit';

export interface Logger {
  info(message: string): void;
  error(message: string, err?: unknown): void;
}

/** Everything a route, socket handler or service needs, built once in start.ts. */
export interface AppContext {
  store: Store;
  /** the hot writes (leases, labels, skips), committed in groups */
  writes: GroupCommit;
  clock: Clock;
  live: LiveUpdates;
  loginLimiter: LoginLimiter;
  /** next pair, skip and submit budgets per user and per socket, shared by the HTTP routes and the socket handlers */
  queueLimiter: QueueLimiter;
  log: Logger;
  info: { version: string; tfBackend?: string };
  /** the OpenAI-compatible /v1 generation worker (absent in the CLI) */
  serving?: PolicyServer;
  /** the job system (absent in the CLI, which runs no scheduler) */
  jobs?: JobScheduler;
  /** the admin Data page's reads, in a worker thread (absent in the CLI: they then run in place) */
  dataReads?: DataReadPool;
  /** session lifetimes and `trust proxy` [DEFAULT_AUTH_SETTINGS in server/auth/settings.ts] */
  auth?: AuthSettings;
}
