/**
 * The annotator-quality figures behind the admin Annotators page. Every label is read, so the read is cut in
 * chunks with the event loop free between them, and the statistics run in a worker thread once the table is
 * big enough for them to take noticeable time (small tables are computed in place: a worker costs more).
 */
import { fileURLToPath } from 'node:url';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { runInWorker } from '../jobs/run-in-worker';
import type { AnnotatorStatsRepo, LabelFactRow } from '../store/annotator-stats';
import { type AgreementOptions, type AgreementStats, agreementStats, choiceIndex, type LabelColumns } from './annotator-stats';
import type { AgreementTaskInput } from './agreement-task';

const TASK = fileURLToPath(new URL('./agreement-task.ts', import.meta.url));

export interface QualityOptions extends AgreementOptions {
  /** labels read per synchronous step [2000: ≈ 5–15 ms of the event loop each, measured at 3·10⁵ labels] */
  chunk?: number;
  /** from this many labels on, the statistics run in a worker thread [10 000; in place they take ≈ 15 ms per 10⁴] */
  workerFrom?: number;
  signal?: AbortSignal;
}

/** Every label as columns, read `chunk` rows at a time with the event loop free in between. */
export async function readLabelColumns(repo: AnnotatorStatsRepo, chunk = 2000, signal?: AbortSignal): Promise<LabelColumns> {
  const parts: LabelColumns[] = [];
  for (let afterId = 0; ; ) {
    signal?.throwIfAborted();
    const rows = repo.labelChunk(afterId, chunk);
    if (rows.length === 0) break;
    parts.push(columnsOf(rows));
    afterId = rows[rows.length - 1][0];
    if (rows.length < chunk) break;
    await yieldToEventLoop();
  }
  return concatColumns(parts);
}

function columnsOf(rows: LabelFactRow[]): LabelColumns {
  const n = rows.length;
  const c: LabelColumns = {
    userId: new Int32Array(n),
    comparisonId: new Int32Array(n),
    choice: new Uint8Array(n),
    timeMs: new Float64Array(n),
    shownBa: new Uint8Array(n),
    gold: new Int8Array(n),
  };
  rows.forEach(([, userId, comparisonId, choice, timeMs, shownOrder, gold], i) => {
    c.userId[i] = userId;
    c.comparisonId[i] = comparisonId;
    c.choice[i] = choiceIndex(choice);
    c.timeMs[i] = timeMs;
    c.shownBa[i] = shownOrder === 'ba' ? 1 : 0;
    c.gold[i] = gold ? choiceIndex(gold) : -1;
  });
  return c;
}

function concatColumns(parts: LabelColumns[]): LabelColumns {
  const join = <T extends Int32Array | Uint8Array | Float64Array | Int8Array>(key: keyof LabelColumns, make: new (n: number) => T): T => {
    const out = new make(parts.reduce((n, p) => n + p[key].length, 0));
    let at = 0;
    for (const p of parts) {
      out.set(p[key] as never, at);
      at += p[key].length;
    }
    return out;
  };
  return {
    userId: join('userId', Int32Array),
    comparisonId: join('comparisonId', Int32Array),
    choice: join('choice', Uint8Array),
    timeMs: join('timeMs', Float64Array),
    shownBa: join('shownBa', Uint8Array),
    gold: join('gold', Int8Array),
  };
}

/** The statistics of `rows` in a worker thread (aborting terminates it). */
export function agreementStatsInWorker(input: AgreementTaskInput, signal?: AbortSignal): Promise<AgreementStats> {
  return runInWorker<AgreementTaskInput, AgreementStats>(TASK, input, { signal });
}

/** Every annotator's figures, Cohen's κ for the pairs asked for, Fleiss' κ and α, from every current label. */
export async function annotatorQuality(repo: AnnotatorStatsRepo, options: QualityOptions = {}): Promise<AgreementStats> {
  const { chunk, workerFrom = 10_000, signal, ...agreement } = options;
  const rows = await readLabelColumns(repo, chunk, signal);
  return rows.userId.length < workerFrom ? agreementStats(rows, agreement) : agreementStatsInWorker({ rows, options: agreement }, signal);
}
