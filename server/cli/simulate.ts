/**
 * `prefloop simulate`: simulated annotators label through a running server's API (socket.io, like the browser),
 * with a progress bar. Unlike the other commands it never opens the database file.
 */
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { prettifyError, z } from 'zod';
import { SIMULATED_ANNOTATOR_DEFAULTS } from '../ml/tasks/simulated-annotator';
import { type SimulateSummary, simulateAnnotators } from '../sim/annotators';

export const SIMULATE_USAGE = `Usage: prefloop simulate --annotators N --labels M [options]

Simulated annotators (AlpacaFarm style) label pairs through the server's real API: each is an annotator account,
logs in, connects socket.io and takes pairs from the queue. It reads the task from the prompt text, scores both
answers with the task-world verifier (the oracle) and picks by a Bradley–Terry choice on the scores with flip
noise and position bias. Pairs whose prompt is not a task-world instruction are skipped. Stops after M labels
or when the queue is empty.

  --annotators N             annotators to create through the admin API (sim-1 … sim-N; existing ones get a new password)
  --labels M                 labels to submit in all
  --url URL                  server [http://127.0.0.1:3000]
  --token T                  admin bearer token (POST /api/admin/tokens), or:
  --admin-user NAME --admin-password PW
                             admin login [env PREFLOOP_ADMIN_PASSWORD with user admin]
  --noise P                  probability of flipping a decisive pick [${SIMULATED_ANNOTATOR_DEFAULTS.noise}]
  --temperature T            Bradley–Terry temperature on the score gap; 0 = always the higher score [${SIMULATED_ANNOTATOR_DEFAULTS.temperature}]
  --position-bias B          extra left-pick rate over 1/2 (0 … 0.5) [${SIMULATED_ANNOTATOR_DEFAULTS.positionBias}]
  --tie-threshold D          score gap below which it says tie [${SIMULATED_ANNOTATOR_DEFAULTS.tieThreshold}]
  --both-bad-threshold S     both scores below this → both bad [${SIMULATED_ANNOTATOR_DEFAULTS.bothBadThreshold}]
  --seed S                   annotator i judges with seed S·1000 + i [1]
  --name-prefix P            account names P-1 … P-N [sim]
  --timeout-ms MS            per request [10000]`;

const num = z.coerce.number();
const ArgsSchema = z.object({
  annotators: z.coerce.number().int().min(1).max(1000),
  labels: z.coerce.number().int().min(0),
  url: z.url({ protocol: /^https?$/ }).default('http://127.0.0.1:3000'),
  token: z.string().min(1).optional(),
  'admin-user': z.string().min(1).optional(),
  'admin-password': z.string().min(1).optional(),
  noise: num.min(0).max(1).optional(),
  temperature: num.min(0).optional(),
  'position-bias': num.min(0).max(0.5).optional(),
  'tie-threshold': num.min(0).optional(),
  'both-bad-threshold': num.min(0).optional(),
  seed: z.coerce.number().int().min(0).default(1),
  'name-prefix': z.string().regex(/^[A-Za-z0-9_.@-]+$/).default('sim'),
  'timeout-ms': z.coerce.number().int().min(100).default(10_000),
});

export async function simulateCommand(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: Object.fromEntries([...Object.keys(ArgsSchema.shape).map((k) => [k, { type: 'string' }]), ['help', { type: 'boolean', short: 'h' }]]) as Record<
      string,
      { type: 'string' | 'boolean' }
    >,
  });
  if (values.help) return console.log(SIMULATE_USAGE);
  const parsed = ArgsSchema.safeParse(values);
  if (!parsed.success) throw new Error(`${prettifyError(parsed.error)}\n\n${SIMULATE_USAGE}`);
  const args = parsed.data;

  const password = args['admin-password'] ?? process.env.PREFLOOP_ADMIN_PASSWORD;
  const admin = args.token ? { token: args.token } : password ? { name: args['admin-user'] ?? 'admin', password } : undefined;
  if (!admin) throw new Error('Give --token T, or --admin-user NAME --admin-password PW, to create the annotators');

  const bar = new cliProgress.SingleBar({ format: 'labels [{bar}] {value}/{total} | {rate} labels/s', hideCursor: true }, cliProgress.Presets.shades_classic);
  const abort = new AbortController();
  process.once('SIGINT', () => abort.abort());
  const t0 = performance.now();
  bar.start(args.labels, 0, { rate: '-' });
  let summary: SimulateSummary;
  try {
    summary = await simulateAnnotators({
      url: args.url,
      admin,
      annotators: args.annotators,
      labels: args.labels,
      seed: args.seed,
      namePrefix: args['name-prefix'],
      timeoutMs: args['timeout-ms'],
      signal: abort.signal,
      choice: {
        noise: args.noise,
        temperature: args.temperature,
        positionBias: args['position-bias'],
        tieThreshold: args['tie-threshold'],
        bothBadThreshold: args['both-bad-threshold'],
      },
      onLabel: ({ submitted }) => bar.update(submitted, { rate: (submitted / ((performance.now() - t0) / 1000)).toFixed(1) }),
    });
  } finally {
    bar.stop();
  }
  printSummary(summary);
}

function printSummary(s: SimulateSummary): void {
  const pct = (x: number | null) => (x === null ? '-' : `${(100 * x).toFixed(1)} %`);
  const { left, right, tie, both_bad } = s.picks;
  console.log(
    `Submitted ${s.submitted} labels in ${(s.elapsedMs / 1000).toFixed(1)} s (left ${left}, right ${right}, tie ${tie}, both bad ${both_bad}); ` +
      `skipped ${s.skipped} non-task prompts; agreement with the oracle on decisive pairs ${pct(s.oracleAgreement)}.`,
  );
  for (const a of s.annotators) {
    const errors = a.errors.length > 0 ? `; errors: ${[...new Set(a.errors)].join(' | ')}` : '';
    console.log(`  ${a.name}: ${a.labels} labels, ${a.skipped} skipped, oracle agreement ${pct(a.oracleAgreement)}, stopped: ${a.stopped}${a.rateLimited > 0 ? `, slowed down ${a.rateLimited}× by the rate limit` : ''}${errors}`);
  }
}
