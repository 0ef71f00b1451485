/** Composition root: environment → server → login line → graceful shutdown on SIGINT / SIGTERM. */
import { loadEnv } from './env';
import { initBackend } from './ml/backend';
import { STARTER_CHECKPOINT_DIR } from './ml/generation/generate-pairs';
import { startServer, VERSION } from './start';

const env = loadEnv();
// Chosen once here (and logged); worker threads make the same choice from the same preference order.
const tfBackend = await initBackend(env.PREFLOOP_TF_BACKEND);
const server = await startServer({
  dbPath: env.PREFLOOP_DB,
  adminPassword: env.PREFLOOP_ADMIN_PASSWORD,
  port: env.PORT,
  host: env.HOST,
  seedDemo: env.PREFLOOP_DEMO,
  leaseSeconds: env.PREFLOOP_LEASE_SECONDS,
  tfBackend,
  starterCheckpointDir: STARTER_CHECKPOINT_DIR,
});

console.log(`prefloop ${VERSION} listening on ${server.url} (database ${env.PREFLOOP_DB})`);
if (server.adminPasswordGenerated) printLoginBox(server.url, server.adminPassword);
else if (server.adminCreated) console.log(`Log in at ${server.url} as admin with PREFLOOP_ADMIN_PASSWORD.`);
else console.log(`Log in at ${server.url} (admin: the password printed at first start, or PREFLOOP_ADMIN_PASSWORD).`);

function printLoginBox(url: string, password: string): void {
  const lines = [`Log in at ${url} as admin / ${password}`, 'This password is shown only once: note it now.'];
  const width = Math.max(...lines.map((l) => l.length));
  const rule = '═'.repeat(width + 2);
  console.log([`╔${rule}╗`, ...lines.map((l) => `║ ${l.padEnd(width)} ║`), `╚${rule}╝`].join('\n'));
}

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) process.exit(1); // a second Ctrl-C: stop now
    stopping = true;
    console.log(`${signal}: closing…`);
    server.close().then(
      () => process.exit(0),
      (err) => {
        console.error(err);
        process.exit(1);
      },
    );
  });
}
