// How fast do exports stream, and does their memory stay flat as the row count grows? Grows a temp SQLite file
// to 10 % of `--rows` labels (3 annotators per comparison) and writes every export format through the real
// streaming code (server/export/write.ts) into a sink that only counts bytes; then grows it to `--rows` and
// does it again. Prints labels read/s, rows written/s and the peak RSS of each run (sampled at every chunk
// the sink receives), and the line `jsonl: N rows/s` (labels-jsonl, every label, at `--rows`).
//   npm run bench:export [-- --rows 1000000 --formats labels-jsonl,trl]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { EXPORT_FORMATS, type ExportFormat, ExportQuerySchema } from '../shared/schemas/exports';
import { writeExport } from '../server/export/write';
import { createStore, type Store } from '../server/store';
import { openDatabase } from '../server/store/db';
import { exportSeeder } from './support/export-seed';

const { values: flags } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    formats: { type: 'string', default: EXPORT_FORMATS.join(',') },
  },
});
const ROWS = Number(flags.rows);
const ANNOTATORS = 3;
const formats = (flags.formats ?? '').split(',') as ExportFormat[];
for (const f of formats) if (!EXPORT_FORMATS.includes(f)) throw new Error(`unknown format ${f} (${EXPORT_FORMATS.join(', ')})`);

const MB = 1024 * 1024;
const rate = (n: number, s: number) => Math.round(n / s).toLocaleString('en-US');

/** A sink that keeps nothing: counts bytes, samples the process's RSS at every chunk. */
function countingSink() {
  const seen = { bytes: 0, peakRss: process.memoryUsage.rss() };
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      seen.bytes += chunk.length;
      seen.peakRss = Math.max(seen.peakRss, process.memoryUsage.rss());
      done();
    },
  });
  return { sink, seen };
}

async function exportEach(store: Store, labels: number): Promise<Map<ExportFormat, number>> {
  const rowsPerS = new Map<ExportFormat, number>();
  for (const format of formats) {
    const { sink, seen } = countingSink();
    const t0 = performance.now();
    const result = await writeExport(store, ExportQuerySchema.parse({ format }), sink);
    const s = (performance.now() - t0) / 1000;
    rowsPerS.set(format, result.rows / s);
    const cells = [format.padEnd(20), String(labels).padStart(9), String(result.rows).padStart(9), rate(labels, s).padStart(10), rate(result.rows, s).padStart(10)];
    console.log(`${cells.join(' ')} ${(seen.bytes / MB).toFixed(1).padStart(7)} ${(seen.peakRss / MB).toFixed(0).padStart(9)}`);
  }
  return rowsPerS;
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'prefloop-bench-export-'));
  const db = openDatabase(join(dir, 'bench.db'));
  try {
    const store = createStore(db);
    const seeder = exportSeeder(db, ANNOTATORS);
    console.log(`bench:export — ${formats.length} formats, sink counts bytes; RSS = peak resident set of this process during the run`);
    console.log(`${'format'.padEnd(20)} ${'labels'.padStart(9)} ${'rows'.padStart(9)} ${'labels/s'.padStart(10)} ${'rows/s'.padStart(10)} ${'MB out'.padStart(7)} ${'RSS MB'.padStart(9)}`);
    let rowsPerS = new Map<ExportFormat, number>();
    for (const target of [Math.round(ROWS / 10), ROWS]) {
      const t0 = performance.now();
      const labels = seeder.growTo(target);
      console.log(`-- ${labels.toLocaleString('en-US')} labels in the database (grown in ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
      rowsPerS = await exportEach(store, labels);
    }
    const jsonl = rowsPerS.get('labels-jsonl');
    if (jsonl !== undefined) console.log(`jsonl: ${Math.round(jsonl)} rows/s`);
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
