/** Composition root: environment → server → login line → graceful drain on SIGINT / SIGTERM (start.ts close). */
import { authSettingsFromEnv } from './auth/settings';
import { loadEnv } from './env';
import { initBackend } from './ml/backend';
import { STARTER_CHECKPOINT_DIR } from './ml/generation/generate-pairs';
import { logUnhandledRejections } from './process-guards';
import { startServer, VERSION } from './start';

const env = loadEnv();
// Chosen once here (and logged); worker threads make the same choice from the same preference order.
const tfBackend = await initBackend(env.PREFLOOP_TF_BACKEND);
logUnhandledRejections(console); // after initBackend: it replaces the wasm glue's rethrowing listener
const server = await startServer({
  dbPath: env.PREFLOOP_DB,
  adminPassword: env.PREFLOOP_ADMIN_PASSWORD,
  port: env.PORT,
  host: env.HOST,
  seedDemo: env.PREFLOOP_DEMO,
  leaseSeconds: env.PREFLOOP_LEASE_SECONDS,
  tfBackend,
  starterCheckpointDir: STARTER_CHECKPOINT_DIR,
  auth: authSettingsFromEnv(env),
});

console.log(`prefloop ${VERSION} listening on ${server.url} (database ${env.PREFLOOP_DB})`);
if (server.adminPasswordGenerated) printLoginBox(server.url, server.adminPassword, server.adminPasswordFile);
else if (server.adminCreated) console.log(`Log in at ${server.url} as admin with PREFLOOP_ADMIN_PASSWORD.`);
else console.log(`Log in at ${server.url} (admin: the password printed at first start, or PREFLOOP_ADMIN_PASSWORD).`);

function printLoginBox(url: string, password: string, file?: string): void {
  const lines = [
    `Log in at ${url} as admin / ${password}`,
    file ? `Also written to ${file} (mode 0600): delete it once noted.` : 'This password is shown only once: note it now.',
  ];
  const width = Math.max(...lines.map((l) => l.length));
  const rule = '═'.repeat(width + 2);
  console.log([`╔${rule}╗`, ...lines.map((l) => `║ ${l.padEnd(width)} ║`), `╚${rule}╝`].join('\n'));
}

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) process.exit(1); // a second Ctrl-C: stop now
    stopping = true;
    console.log(`${signal}: draining (new connections refused, requests in flight finish)…`);
    server.close().then(
      // written before exiting: process.exit does not wait for a piped stdout
      () => process.stdout.write('stopped: the database is checkpointed and closed\n', () => process.exit(0)),
      (err) => {
        console.error(err);
        process.exit(1);
      },
    );
  });
}
