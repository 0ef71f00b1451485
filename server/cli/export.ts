/** `prefloop export FILE --format F [filters]`: labels in a trainer's format, streamed from the database file. */
import { copyFileSync, createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { EXPORT_FORMATS, EXPORT_MODES, type ExportQuery, ExportQuerySchema, type ExportResult } from '../../shared/schemas/exports';
import { parseEnv } from '../env';
import { checkExport, writeExport } from '../export/write';
import { createStore } from '../store';
import { openDatabase } from '../store/db';
import { intactSnapshotFile, snapshotByRef } from './snapshot';

export const EXPORT_USAGE = `Usage: prefloop export FILE --format F [filters]
       prefloop export FILE --snapshot NAME[@VERSION]

  --format F            ${EXPORT_FORMATS.join('|')}
  --since ISO           labels created at or after (date or date-time)
  --until ISO           labels created before
  --policy-version N    comparisons with either response from policy version N
  --kind K              train|eval|gold
  --min-agreement X     comparisons whose majority choice has at least this share of their labels (0..1)
  --mode M              ${EXPORT_MODES.join('|')}: a pair per a/b label, or one per comparison by majority [each_label]
  --snapshot NAME[@V]   instead: copy a snapshot's frozen file (its newest version, or V), checked against its sha256

Pair formats leave out ties and both-bad (counted as skipped); labels-jsonl/labels-csv/labels-parquet keep every label.
trl-parquet and labels-parquet write the trl and labels-jsonl fields as typed Parquet columns.

Reads PREFLOOP_DB (default ./data/prefloop.db); the same bytes as GET /api/admin/export.
Snapshots (named, versioned, hashed exports that training cites): prefloop snapshot --help.`;

/** The flags as the route's query; a one-line message on bad input. */
export function exportQueryOf(values: Record<string, string | boolean | undefined>): ExportQuery {
  const parsed = ExportQuerySchema.safeParse({
    format: values.format,
    since: values.since,
    until: values.until,
    policyVersion: values['policy-version'],
    kind: values.kind,
    minAgreement: values['min-agreement'],
    mode: values.mode,
  });
  if (parsed.success) return parsed.data;
  const flag = (path: PropertyKey[]) => `--${String(path[0] ?? 'format').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
  throw new Error(`Invalid export: ${parsed.error.issues.map((i) => `${flag(i.path)}: ${i.message}`).join('; ')}`);
}

export async function runExportToFile(dbPath: string, file: string, query: ExportQuery): Promise<ExportResult> {
  const db = openDatabase(dbPath);
  try {
    const store = createStore(db);
    checkExport(store, query);
    const out = createWriteStream(file);
    const result = await writeExport(store, query, out);
    out.end();
    await finished(out);
    return result;
  } finally {
    db.close();
  }
}

/** The export flags (prefloop snapshot create takes them too). */
export const EXPORT_OPTIONS = {
  format: { type: 'string' },
  since: { type: 'string' },
  until: { type: 'string' },
  'policy-version': { type: 'string' },
  kind: { type: 'string' },
  'min-agreement': { type: 'string' },
  mode: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Copies a snapshot's file (checked against its hash) to `file`. */
async function exportSnapshot(ref: string, file: string): Promise<void> {
  const db = openDatabase(parseEnv(process.env).PREFLOOP_DB);
  try {
    const store = createStore(db);
    const snapshot = snapshotByRef(store, ref);
    copyFileSync(await intactSnapshotFile(store, snapshot), file);
    console.log(`Wrote snapshot ${snapshot.name} v${snapshot.version} (${snapshot.format}, ${snapshot.rows} rows, sha256 ${snapshot.sha256}) to ${file}.`);
  } finally {
    db.close();
  }
}

export async function exportCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { ...EXPORT_OPTIONS, snapshot: { type: 'string' } } });
  if (values.help) return console.log(EXPORT_USAGE);
  if (positionals.length !== 1) throw new Error('export needs one FILE (prefloop export --help)');
  if (values.snapshot !== undefined) {
    const filters = Object.keys(values).filter((k) => k !== 'snapshot' && values[k as keyof typeof values] !== undefined);
    if (filters.length > 0) throw new Error(`--snapshot copies a frozen file: drop --${filters.join(', --')}`);
    return exportSnapshot(values.snapshot, positionals[0]);
  }
  if (values.format === undefined) throw new Error(`export needs --format (${EXPORT_FORMATS.join(', ')})`);
  const query = exportQueryOf(values);
  const result = await runExportToFile(parseEnv(process.env).PREFLOOP_DB, positionals[0], query);
  const skipped = query.mode === 'majority' ? 'comparisons without an a/b majority' : 'ties and both-bad';
  console.log(`Wrote ${result.rows} rows to ${positionals[0]} (${query.format}); skipped ${result.skipped} (${skipped}).`);
}
