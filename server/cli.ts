/**
 * prefloop CLI (scripts/prefloop.mjs runs this through tsx). Works directly on the database file named by
 * PREFLOOP_DB, so it also runs while the server does (SQLite serialises the writers).
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parseArgs } from 'node:util';
import { prettifyError, ZodError } from 'zod';
import { type ImportResult, ImportSelfInstructRequestSchema, PROMPT_FORMATS, RESPONSE_FORMATS } from '../shared/schemas/imports';
import { ImportLabelledPairsRequestSchema, ImportSourceSchema } from '../shared/schemas/reward';
import { LoginLimiter } from './auth/rateLimit';
import { exportCommand } from './cli/export';
import { generateCommand } from './cli/generate';
import { jobsCommand } from './cli/jobs';
import { simulateCommand } from './cli/simulate';
import { snapshotCommand } from './cli/snapshot';
import { tokensCommand } from './cli/tokens';
import { usersCommand } from './cli/users';
import { trainCommand } from './cli/train';
import { systemClock } from './clock';
import type { AppContext } from './context';
import { parseEnv } from './env';
import { HttpError } from './errors';
import { importPrompts, importResponses } from './import/importer';
import { importLabelledPairs } from './import/labelled-pairs';
import { importParquet, PARQUET_IMPORT_FORMATS, type ParquetImportFormat } from './import/parquet';
import { readSeedFile, runSelfInstructImport } from './import/self-instruct';
import { noLiveUpdates } from './live';
import { QueueLimiter } from './queue/limits';
import { createStore } from './store';
import { openDatabase } from './store/db';
import { GroupCommit } from './store/groupCommit';

const USAGE = `Usage: prefloop <command>

  serve                                         start the server (same as npm start without the build)
  import prompts FILE [--format jsonl|csv|lines] [--source NAME]
  import responses FILE --model NAME [--format alpacafarm|jsonl|csv] [--no-comparisons]
  import labelled-pairs FILE --format hh|trl|trl-conversational|openai|alpacafarm|labels-jsonl|labels-csv
                       [--source NAME] [--queue]
                                                already-labelled pairs (JSONL), labels by the system user
                                                import:NAME [the format]; raw labels (JSONL, CSV) by their
                                                annotators; a .parquet file (trl-parquet, labels-parquet) by
                                                its columns; --queue also asks annotators
  import self-instruct --target N [--seeds FILE] [--endpoint URL --model NAME [--api-key KEY]]
                       [--seed S] [--rouge-threshold F] [--checkpoint DIR]
                                                generate new prompts Self-Instruct style: seeds from a .jsonl
                                                (Alpaca seed tasks) or plain lines [the stored prompts], written
                                                by an OpenAI-compatible endpoint [the built-in policy]
  export FILE --format trl|trl-conversational|hh|openai|alpacafarm|labels-jsonl|labels-csv|trl-parquet|labels-parquet
       [--since ISO] [--until ISO] [--policy-version N] [--kind K] [--min-agreement X] [--mode each_label|majority]
                                                labels in a trainer's format, streamed to FILE (--help)
  export FILE --snapshot NAME[@VERSION]         a snapshot's frozen file, checked against its sha256
  snapshot create NAME --format F [filters]     freeze an export as NAME's next version (--help)
  snapshot list [--name NAME]                   the snapshots, with hash, filters and row count
  users list|create|disable|enable|set-role|reset-password
                                                accounts (--help); create-user NAME [--role R] is users create
  backup FILE                                   online copy of the database
  tokens list|create|revoke                     bearer tokens for scripts (--help)
  jobs list|show ID|cancel ID|rerun ID          the jobs of a running server (--url, --token; --help)
  train-rm [--config JSON] [...]                train a reward model on the labels, as a job of a running
                                                server, with a progress bar (--help)
  train-policy --algo rloo [--config JSON]      train a new policy version, likewise (--help)
  loop [--algo ppo] [--rounds N]                rounds of the loop: reward model, new policy, new pairs (--help)
  generate --endpoint URL --model NAME [...]    queue pairs from an OpenAI-compatible server (vLLM, Ollama, …),
                                                as a job of a running server (--help)
  simulate --annotators N --labels M [...]      simulated annotators label through a running server (--help)

The database is PREFLOOP_DB (default ./data/prefloop.db). Formats default from the file extension.`;

const EXTENSION_FORMATS: Record<string, string> = { '.jsonl': 'jsonl', '.csv': 'csv', '.txt': 'lines', '.json': 'alpacafarm' };

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

function formatOf(file: string, given: string | undefined, allowed: readonly string[]): string {
  const format = given ?? EXTENSION_FORMATS[extname(file).toLowerCase()];
  if (!format || !allowed.includes(format)) fail(`Name a format with --format (${allowed.join(', ')}) for ${file}`);
  return format;
}

function openContext(): AppContext {
  const env = parseEnv(process.env);
  const store = createStore(openDatabase(env.PREFLOOP_DB));
  const log = { info: console.log, error: console.error };
  return { store, writes: new GroupCommit(store), clock: systemClock, live: noLiveUpdates, loginLimiter: new LoginLimiter(systemClock), queueLimiter: new QueueLimiter(systemClock), log, info: { version: '' } };
}

async function withContext(run: (ctx: AppContext) => Promise<void>): Promise<void> {
  const ctx = openContext();
  try {
    await run(ctx);
  } finally {
    ctx.store.db.close();
  }
}

/** A JSONL or CSV file in the format --format names, or a .parquet file (trl-parquet or labels-parquet). */
async function importLabelledPairsFile(ctx: AppContext, file: string, values: { format?: string; source?: string; queue?: boolean }) {
  const options = { source: values.source, queue: values.queue ?? false };
  if (extname(file).toLowerCase() === '.parquet' || PARQUET_IMPORT_FORMATS.includes(values.format as ParquetImportFormat)) {
    const format = values.format === undefined ? undefined : (formatOf(file, values.format, PARQUET_IMPORT_FORMATS) as ParquetImportFormat);
    const source = options.source === undefined ? undefined : ImportSourceSchema.parse(options.source);
    return importParquet(ctx.store, { ...options, source, format, bytes: readFileSync(file) });
  }
  const content = readFileSync(file, 'utf8');
  return importLabelledPairs(ctx.store, ImportLabelledPairsRequestSchema.parse({ ...options, format: values.format, content }));
}

function report(r: ImportResult): void {
  console.log(
    `Read ${r.rows} rows: ${r.prompts} new prompts, ${r.responses} new responses, ${r.comparisons} new comparisons, ${r.duplicates} duplicates.`,
  );
}

async function main(argv: string[]): Promise<void> {
  if (argv[0] === 'simulate') return simulateCommand(argv.slice(1)); // talks to a server, not to the database file
  if (argv[0] === 'jobs') return jobsCommand(argv.slice(1)); // likewise
  if (argv[0] === 'generate') return generateCommand(argv.slice(1)); // likewise
  if (argv[0] === 'train-rm' || argv[0] === 'train-policy' || argv[0] === 'loop') return trainCommand(argv[0], argv.slice(1)); // likewise
  if (argv[0] === 'export') return exportCommand(argv.slice(1)); // its own flags; opens the database itself
  if (argv[0] === 'snapshot') return snapshotCommand(argv.slice(1)); // likewise
  if (argv[0] === 'tokens') return tokensCommand(argv.slice(1)); // likewise
  if (argv[0] === 'users') return withContext((ctx) => usersCommand(ctx, argv.slice(1))); // its own flags
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: 'string' },
      source: { type: 'string' },
      model: { type: 'string' },
      'no-comparisons': { type: 'boolean' },
      queue: { type: 'boolean' },
      seeds: { type: 'string' },
      target: { type: 'string' },
      endpoint: { type: 'string' },
      'api-key': { type: 'string' },
      seed: { type: 'string' },
      'rouge-threshold': { type: 'string' },
      checkpoint: { type: 'string' },
      role: { type: 'string' },
      password: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) return console.log(USAGE);

  if (command === 'serve') {
    await import('./index');
    return;
  }
  const ctx = openContext();
  try {
    if (command === 'import' && rest[0] === 'prompts' && rest[1]) {
      const file = rest[1];
      const format = formatOf(file, values.format, PROMPT_FORMATS) as (typeof PROMPT_FORMATS)[number];
      report(await importPrompts(ctx.store, { format, content: readFileSync(file, 'utf8'), source: values.source ?? file }));
    } else if (command === 'import' && rest[0] === 'responses' && rest[1]) {
      const file = rest[1];
      if (!values.model) fail('import responses needs --model NAME');
      const format = formatOf(file, values.format, RESPONSE_FORMATS) as (typeof RESPONSE_FORMATS)[number];
      const content = readFileSync(file, 'utf8');
      report(await importResponses(ctx.store, { format, content, model: values.model, buildComparisons: !values['no-comparisons'] }));
    } else if (command === 'import' && rest[0] === 'labelled-pairs' && rest[1]) {
      const r = await importLabelledPairsFile(ctx, rest[1], values);
      console.log(`Read ${r.rows} rows: ${r.prompts} new prompts, ${r.responses} new responses, ${r.comparisons} new comparisons, ${r.labels} labels by import:${r.source}, ${r.duplicates} duplicates.`);
    } else if (command === 'import' && rest[0] === 'self-instruct' && !rest[1]) {
      if (values.target === undefined) fail('import self-instruct needs --target N');
      if (values.endpoint !== undefined && values.model === undefined) fail('--endpoint needs --model NAME');
      if (values.endpoint === undefined && (values.model !== undefined || values['api-key'] !== undefined)) {
        fail('--model and --api-key go with --endpoint URL (without it the built-in policy generates)');
      }
      const number = (v: string | undefined) => (v === undefined ? undefined : Number(v));
      const request = ImportSelfInstructRequestSchema.parse({
        seeds: values.seeds === undefined ? undefined : readSeedFile(values.seeds),
        target: number(values.target),
        endpoint: values.endpoint === undefined ? undefined : { baseUrl: values.endpoint, model: values.model, apiKey: values['api-key'] },
        seed: number(values.seed),
        rougeThreshold: number(values['rouge-threshold']),
      });
      const r = await runSelfInstructImport(ctx.store, request, {
        checkpointDir: values.checkpoint,
        onRound: (p) => console.log(`round ${p.round}/${p.maxRounds}: ${p.generated} generated, ${p.kept}/${p.target} kept`),
      });
      const reasons = Object.entries(r.stats.rejected).filter(([, n]) => n > 0).map(([why, n]) => `${why} ${n}`);
      console.log(
        `Self-instruct (${r.generator}, seed ${r.seed}): ${r.generated} generated in ${r.stats.rounds} rounds, ${r.kept} kept, ${r.rejected} rejected${reasons.length ? ` (${reasons.join(', ')})` : ''}.`,
      );
      report(r);
    } else if (command === 'create-user' && rest[0]) {
      // the older spelling of `users create`
      await usersCommand(ctx, ['create', rest[0], ...(values.role ? ['--role', values.role] : []), ...(values.password ? ['--password', values.password] : [])]);
    } else if (command === 'backup' && rest[0]) {
      const { totalPages } = await ctx.store.db.backup(rest[0]);
      console.log(`Backed up ${totalPages} pages to ${rest[0]}`);
    } else {
      fail(USAGE);
    }
  } finally {
    ctx.store.db.close();
  }
}

main(process.argv.slice(2)).catch((err) => {
  if (err instanceof HttpError) fail(`${err.message}${err.details ? `\n${JSON.stringify(err.details, null, 2)}` : ''}`);
  if (err instanceof ZodError) fail(`Invalid arguments:\n${prettifyError(err)}`);
  fail(err instanceof Error ? err.message : String(err));
});
