// What does the admin Data page cost at 10⁶ comparisons, and does the server's event loop stay free? Seeds a temp
// SQLite file with `--comparisons` comparisons (6 answers per prompt, every pair a comparison, one label each:
// bench/support/export-seed.ts), then runs each read (the unfiltered page, a search that hits, one that misses,
// a model filter, the distributions) twice: in place on the event loop, as before the read worker, and through
// server/data-browser/read-pool.ts (its own read-only connection in a worker thread). Prints each read's time
// and the longest event-loop stall during it (perf_hooks' event-loop delay).
//   npm run bench:data [-- --comparisons 1000000]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { type DataFilter, DataFilterSchema, DataQuerySchema } from '../shared/schemas/data';
import { DataReadPool } from '../server/data-browser/read-pool';
import { dataBrowserReads } from '../server/store/data-browser';
import { openDatabase } from '../server/store/db';
import { exportSeeder } from './support/export-seed';

const { values: flags } = parseArgs({ options: { comparisons: { type: 'string', default: '1000000' } } });
const COMPARISONS = Number(flags.comparisons);

type Read = { name: string; op: 'page' | 'distributions'; filter: DataFilter };
const READS: Read[] = [
  { name: 'page (unfiltered)', op: 'page', filter: {} },
  { name: 'search, hits', op: 'page', filter: { q: 'prompt 4242:' } },
  { name: 'search, misses', op: 'page', filter: { q: 'no such text' } },
  { name: 'model filter', op: 'page', filter: { model: 'bench-model-5' } },
  { name: 'distributions', op: 'distributions', filter: {} },
  { name: 'distributions, search', op: 'distributions', filter: { q: 'prompt 4242:' } },
];

/** `run`'s wall time and the longest event-loop stall while it ran, in ms. */
async function measure(run: () => Promise<unknown>): Promise<{ ms: number; stallMs: number }> {
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  await new Promise((resolve) => setTimeout(resolve, 20)); // the histogram's first sample
  const t0 = performance.now();
  await run();
  const ms = performance.now() - t0;
  await new Promise((resolve) => setTimeout(resolve, 20)); // a stall at the very end is sampled too
  delay.disable();
  return { ms, stallMs: delay.max / 1e6 };
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'prefloop-bench-data-'));
  const db = openDatabase(join(dir, 'prefloop.db'));
  try {
    let t0 = performance.now();
    const labels = exportSeeder(db, 1).growTo(COMPARISONS);
    console.log(`seeded ${labels.toLocaleString('en-US')} comparisons with one label each in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    const inPlace = dataBrowserReads(db);
    const pool = new DataReadPool(db, { timeoutMs: 600_000 });
    t0 = performance.now();
    await pool.page(DataQuerySchema.parse({ limit: 1 })); // the worker's start-up, apart
    console.log(`read worker started in ${(performance.now() - t0).toFixed(0)} ms`);

    // what the event loop stalls with nothing to do: this shared box's own noise floor
    const idle = await measure(() => new Promise((resolve) => setTimeout(resolve, 2000)));
    console.log(`longest event-loop stall in 2 s of idling: ${idle.stallMs.toFixed(0)} ms\n`);
    console.log(`${'read'.padEnd(24)} ${'in place'.padStart(10)} ${'stall'.padStart(8)} ${'worker'.padStart(10)} ${'stall'.padStart(8)}`);
    for (const read of READS) {
      const page = DataQuerySchema.parse(read.filter);
      const filter = DataFilterSchema.parse(read.filter);
      const here = await measure(async () => (read.op === 'page' ? inPlace.page(page) : inPlace.distributions(filter)));
      const there = await measure(() => (read.op === 'page' ? pool.page(page) : pool.distributions(filter)));
      const ms = (x: number) => `${x.toFixed(0)} ms`;
      console.log(`${read.name.padEnd(24)} ${ms(here.ms).padStart(10)} ${ms(here.stallMs).padStart(8)} ${ms(there.ms).padStart(10)} ${ms(there.stallMs).padStart(8)}`);
    }
    await pool.close();
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
