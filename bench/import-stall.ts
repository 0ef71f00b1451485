// How long do imports hold the event loop? The longest stall (perf_hooks monitorEventLoopDelay, max) and the
// wall time of each import, on a SQLite file opened as the server opens it; figures are printed, never asserted.
//   npx tsx bench/import-stall.ts [-- --rows 50000]
// Phases: 2 s idle (the stalls the machine adds by itself: other processes); N prompts; model A's N responses;
// model B's N responses (+ N comparisons); model A's again as CSV and as AlpacaFarm JSON (all duplicates: the
// reading); a ~25 MB AlpacaFarm request body parsed one-shot (as before) and a piece at a time (as now); the
// build-comparisons route's call over every prompt (0 new); N labelled pairs (TRL).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { buildComparisonsInChunks } from '../server/import/comparisons';
import { importPrompts, importResponses } from '../server/import/importer';
import { parseJsonArrayInPieces, parseJsonInPieces } from '../server/import/json-pieces';
import { importLabelledPairs } from '../server/import/labelled-pairs';
import { createStore } from '../server/store';
import { startCheckpointer } from '../server/store/checkpointer';
import { openDatabase } from '../server/store/db';

const { values: flags } = parseArgs({ options: { rows: { type: 'string', default: '50000' } } });
const N = Number(flags.rows);

const prompt = (i: number) => `Prompt number ${i}: explain why the sky looks blue at noon and red at dusk, briefly.`;
const answer = (model: string, i: number) => `${model} answers prompt ${i}: ${'Rayleigh scattering favours short wavelengths. '.repeat(4)}`;
const jsonl = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).join('\n');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function measure<T>(name: string, run: () => T | Promise<T>): Promise<void> {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  await sleep(20);
  const start = performance.now();
  const result = await run();
  const wallMs = performance.now() - start;
  await sleep(20); // the timer fires (late) once after a synchronous stretch: that is the sample that records it
  histogram.disable();
  const stall = histogram.max / 1e6;
  console.log(`${name.padEnd(32)} wall ${wallMs.toFixed(0).padStart(6)} ms   longest stall ${stall.toFixed(1).padStart(7)} ms   ${JSON.stringify(result)}`);
}

const dir = mkdtempSync(join(tmpdir(), 'import-stall-'));
try {
  const store = createStore(openDatabase(join(dir, 'bench.db'), { busyTimeoutMs: 0 }));
  const checkpointer = startCheckpointer(store.db); // as the server does: checkpoints off the event loop
  const indices = Array.from({ length: N }, (_, i) => i);
  console.log(`${N} rows per import, Node ${process.version}`);
  await measure('idle 2 s (noise floor)', () => sleep(2000));
  const prompts = jsonl(indices.map((i) => ({ text: prompt(i) })));
  await measure('prompts', () => importPrompts(store, { format: 'jsonl', content: prompts }));
  for (const model of ['model-a', 'model-b']) {
    const content = jsonl(indices.map((i) => ({ prompt: prompt(i), output: answer(model, i) })));
    await measure(`responses ${model}`, () => importResponses(store, { format: 'jsonl', content, model }));
  }
  // the same files again in the other formats: nothing new to write, so these show the reading
  const csv = `prompt,output\n${indices.map((i) => `"${prompt(i)}","${answer('model-a', i)}"`).join('\n')}`;
  await measure('responses model-a again (csv)', () => importResponses(store, { format: 'csv', content: csv, model: 'model-a' }));
  const alpaca = JSON.stringify(indices.map((i) => ({ instruction: prompt(i), input: '', output: answer('model-a', i) })));
  await measure('… again (alpacafarm)', () => importResponses(store, { format: 'alpacafarm', content: alpaca, model: 'model-a' }));
  // a ~25 MB AlpacaFarm request body, as the route gets it: before, express.json's JSON.parse of the body, then read.ts's
  // of the file (both one-shot); now both a piece at a time (server/http/body.ts, server/import/json-pieces.ts)
  const bigRows = Math.round((N * 24e6) / (alpaca.length + 100));
  const bigAlpaca = JSON.stringify(Array.from({ length: bigRows }, (_, i) => ({ instruction: prompt(i), input: '', output: answer('model-a', i) })));
  const body = Buffer.from(JSON.stringify({ format: 'alpacafarm', model: 'model-a', content: bigAlpaca }));
  console.log(`AlpacaFarm body: ${(body.length / 1e6).toFixed(1)} MB, ${bigRows} rows`);
  await measure('… 25 MB body, one-shot parses', async () => JSON.parse(JSON.parse(body.toString('utf8')).content).length);
  await measure('… 25 MB body, piece at a time', async () => {
    const { content } = (await parseJsonInPieces(body)) as { content: string };
    return (await parseJsonArrayInPieces(content)).length;
  });
  await measure('build comparisons (all)', () => buildComparisonsInChunks(store, {}));
  const pairs = jsonl(indices.map((i) => ({ prompt: `Pair ${i}: which is kinder?`, chosen: answer('kind', i), rejected: answer('rude', i) })));
  await measure('labelled pairs (trl)', () => importLabelledPairs(store, { format: 'trl', content: pairs }));
  await checkpointer.stop();
  store.db.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
