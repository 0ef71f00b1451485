import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Database } from 'better-sqlite3';
import { LoginLimiter } from './auth/rateLimit';
import type { AuthSettings } from './auth/settings';
import { type Clock, isoAt, systemClock } from './clock';
import type { AppContext, Logger } from './context';
import { DataReadPool, type DataReadPoolOptions } from './data-browser/read-pool';
import { trackRequests, waitUntil } from './drain';
import { createApp } from './http/app';
import type { JobKindRegistry } from './jobs/kind';
import { JOB_KIND_REGISTRY } from './jobs/kinds';
import { JobScheduler } from './jobs/scheduler';
import { QueueLimiter } from './queue/limits';
import { expireStaleLeases } from './queue/next';
import { PolicyServer, type PolicyServerOptions } from './serving/policy-server';
import { seedDemoSet, seedEmptyDatabase } from './seed';
import { ensureAdmin, ensureSettings } from './seed/admin';
import { hasCheckpoint } from './seed/starter';
import { LiveBroadcaster } from './socket/live';
import { attachSocket } from './socket/server';
import { createStore } from './store';
import { startCheckpointer } from './store/checkpointer';
import { openDatabase } from './store/db';
import { GroupCommit } from './store/groupCommit';

export interface StartOptions {
  dbPath: string;
  /** the first admin's password (only used when the database has no users yet); generated when absent */
  adminPassword?: string;
  /** 0 = a free port */
  port?: number;
  host?: string;
  /** seed the demo data set when the database has no prompts */
  seedDemo?: boolean;
  /** seed an empty database from this starter policy checkpoint instead (sampled in a worker after start-up) */
  starterCheckpointDir?: string;
  /** the built client; default dist/client when it exists */
  clientDir?: string;
  quiet?: boolean;
  /** injectable time (tests move it to expire leases) */
  clock?: Clock;
  /** initial lease length when no settings are stored yet */
  leaseSeconds?: number;
  /** reported by /api/health */
  tfBackend?: string;
  /** how often stale leases are swept (they also expire on every queue request) */
  leaseSweepMs?: number;
  /** the job kinds the scheduler runs [server/jobs/kinds.ts]; tests add fixture kinds */
  jobKinds?: JobKindRegistry;
  /** session lifetimes and `trust proxy` [DEFAULT_AUTH_SETTINGS] */
  auth?: AuthSettings;
  /** the /v1 policy server's queue bound [8 waiting] */
  serving?: PolicyServerOptions;
  /** the Data page's read worker: queue bound [8 waiting], time limit per query [20 s] */
  dataReads?: DataReadPoolOptions;
}

export interface RunningServer {
  url: string;
  port: number;
  /**
   * Graceful stop: new connections are refused; requests and socket writes in flight finish (up to `drainMs`
   * [10 s]); sockets are closed so that their clients reconnect (to the next server); a running job is stopped
   * and marked interrupted (it can be rerun); the WAL is checkpointed into the database and the file closed.
   */
  close(options?: { drainMs?: number }): Promise<void>;
  db: Database;
  /** the admin password when this start chose or was given it, else '' */
  adminPassword: string;
  /** true when this start created the admin user */
  adminCreated: boolean;
  /** true when this start created the admin with a generated password (show it once) */
  adminPasswordGenerated: boolean;
  /** where that generated password was also written (mode 0600), unless the database is in memory */
  adminPasswordFile?: string;
  ctx: AppContext;
  /** settles when the first pairs of an empty database are stored (sampling from the starter policy takes a while) */
  seeded: Promise<void>;
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const VERSION: string = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')).version;

const consoleLogger = (quiet: boolean): Logger => ({
  info: (message) => quiet || console.log(message),
  error: (message, err) => console.error(message, err ?? ''),
});

/** Opens the database, seeds what an empty one needs, and serves HTTP + socket.io. The entry tests use. */
export async function startServer(opts: StartOptions): Promise<RunningServer> {
  const db = openDatabase(opts.dbPath, { busyTimeoutMs: 0 }); // never sleep the event loop on the CLI's lock
  const checkpointer = opts.dbPath === ':memory:' ? undefined : startCheckpointer(db);
  const release = async () => {
    await checkpointer?.stop();
    try {
      db.pragma('wal_checkpoint(TRUNCATE)'); // the WAL back into the database file, then emptied
    } catch {
      // busy (the CLI has the file open): SQLite checkpoints at the next open
    }
    db.close();
  };
  try {
    return await serve(db, opts, release);
  } catch (err) {
    await release();
    throw err;
  }
}

async function serve(db: Database, opts: StartOptions, release: () => Promise<void>): Promise<RunningServer> {
  const store = createStore(db);
  const clock = opts.clock ?? systemClock;
  const log = consoleLogger(opts.quiet ?? false);

  const admin = await ensureAdmin(store, opts.adminPassword);
  ensureSettings(store, opts.leaseSeconds);
  const needsSeed = opts.seedDemo === true && store.counts.admin(isoAt(clock())).prompts === 0;

  const live = new LiveBroadcaster({ store, clock, log });
  const ctx: AppContext = {
    store,
    writes: new GroupCommit(store),
    clock,
    live,
    loginLimiter: new LoginLimiter(clock),
    queueLimiter: new QueueLimiter(clock),
    log,
    info: { version: VERSION, tfBackend: opts.tfBackend },
    auth: opts.auth,
    serving: new PolicyServer(opts.serving),
    dataReads: new DataReadPool(db, opts.dataReads),
  };
  const jobs = new JobScheduler({ ctx, kinds: opts.jobKinds ?? JOB_KIND_REGISTRY, events: { progress: (p) => live.jobProgress(p), updated: (j) => live.jobUpdated(j) } });
  ctx.jobs = jobs;
  jobs.start(); // jobs a killed server left running → interrupted; queued ones run
  const seeding = new AbortController();
  let seeded: Promise<void> = Promise.resolve();
  // never rejects: a failed seeding is logged, the server serves an empty database
  if (needsSeed && hasCheckpoint(opts.starterCheckpointDir)) {
    seeded = seedEmptyDatabase(ctx, opts.starterCheckpointDir, seeding.signal).catch((err) => log.error('seeding the empty database failed', err));
  } else if (needsSeed) {
    try {
      seedDemoSet(ctx);
    } catch (err) {
      log.error('seeding the demo set failed', err);
    }
  }
  const app = createApp(ctx, { clientDir: opts.clientDir ?? `${ROOT}dist/client` });
  const httpServer = createServer(app);
  const requests = trackRequests(httpServer); // before socket.io wraps the request listeners: counts the app's requests only
  const io = attachSocket(httpServer, ctx, live);
  live.attach(io);

  const host = opts.host ?? '0.0.0.0';
  try {
    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(opts.port ?? 3000, host, () => resolve());
    });
  } catch (err) {
    await jobs.stop();
    live.close();
    io.close();
    throw err;
  }
  const { port } = httpServer.address() as AddressInfo;
  const sweep = setInterval(() => {
    try {
      expireStaleLeases(ctx);
    } catch (err) {
      log.error('lease sweep failed', err);
    }
  }, opts.leaseSweepMs ?? 15_000);
  sweep.unref();

  let closing: Promise<void> | undefined;
  const drain = async (drainMs: number) => {
    // 1. refuse new connections; open ones close after their next answer
    requests.drain();
    seeding.abort();
    clearInterval(sweep);
    const jobsStopped = jobs.stop(); // terminates a running job's worker; the job is marked interrupted
    // 2. requests in flight, and socket events already read (their writes are queued in ctx.writes, their
    //    acks follow the commit), finish
    if (!(await waitUntil(() => requests.inFlight === 0 && ctx.writes.idle, drainMs))) {
      log.error(`stopping: ${requests.inFlight} request(s) still running after ${drainMs} ms are cut off`);
    }
    // 3. sockets: each sends what it has buffered (the acks), reads nothing more, and closes its transport;
    //    clients see "transport close" and reconnect with back-off, to the next server
    live.close();
    for (const socket of io.of('/').sockets.values()) socket.conn.close();
    await waitUntil(() => io.engine.clientsCount === 0, drainMs);
    io.close(); // (closes httpServer too)
    httpServer.closeAllConnections(); // only idle keep-alive ones, or cut-off ones, are left
    await Promise.allSettled([seeded, jobsStopped, ctx.serving?.close(), ctx.dataReads?.close()]);
    await waitUntil(() => ctx.writes.idle, drainMs); // what a stopped job or the seeding queued last
    // 4. checkpoint the WAL, close the file
    await release();
  };
  const close = ({ drainMs = 10_000 }: { drainMs?: number } = {}) => (closing ??= drain(drainMs));

  return {
    url: `http://${host === '0.0.0.0' || host === '::' ? 'localhost' : host}:${port}`,
    port,
    close,
    db,
    adminPassword: admin.password ?? '',
    adminCreated: admin.created,
    adminPasswordGenerated: admin.generated,
    adminPasswordFile: admin.passwordFile,
    ctx,
    seeded,
  };
}
