// Streams one export into a writable (an HTTP response, a file): a page of labels at a time, waiting for the
// stream to drain between pages, so memory holds one page whatever the label count.
import type { Writable } from 'node:stream';
import type { ExportQuery, ExportResult } from '../../shared/schemas/exports';
import { HttpError } from '../errors';
import type { Store } from '../store';
import { encoderOf } from './encoder';
import { EXPORT_FORMAT_MODULES } from './formats';
import { pairsOf } from './pairs';
import { type ExportLabel, exportReader } from './rows';

/** Refuses what the query schema cannot see (call before the first byte): an unknown policy version is 404. */
export function checkExport(store: Store, query: ExportQuery): void {
  if (query.policyVersion === undefined) return;
  if (!store.policies.hasVersion(query.policyVersion)) {
    throw new HttpError(404, 'not_found', `policy version ${query.policyVersion} not found`);
  }
}

/** `prefloop-trl-2030-01-01.jsonl` */
export const exportFileName = (query: ExportQuery, nowIso: string): string =>
  `prefloop-${query.format}-${nowIso.slice(0, 10)}.${EXPORT_FORMAT_MODULES[query.format].extension}`;

/** Resolves when the stream wants more, or has closed (a client that went away). */
const drained = (out: Writable) =>
  new Promise<void>((resolve) => {
    const done = () => {
      out.off('drain', done);
      out.off('close', done);
      resolve();
    };
    out.on('drain', done);
    out.on('close', done);
  });

/** Writes the export (not ending the stream); rows written and pairs skipped (ties, both-bad, no majority). */
export async function writeExport(store: Store, query: ExportQuery, out: Writable): Promise<ExportResult> {
  const format = EXPORT_FORMAT_MODULES[query.format];
  const reader = exportReader(store, query);
  const encoder = encoderOf(format);
  const result: ExportResult = { rows: 0, skipped: 0 };
  const add = (labels: ExportLabel[]) => {
    if (format.rows === 'labels') {
      result.rows += labels.length;
      for (const label of labels) encoder.add(label);
      return;
    }
    const { pairs, skipped } = pairsOf(labels, query.mode);
    result.rows += pairs.length;
    result.skipped += skipped;
    for (const pair of pairs) encoder.add(pair);
  };

  for (let more = true; more && !out.destroyed; ) {
    more = reader.readPage(add);
    const chunk = encoder.take();
    if (chunk.length > 0 && !out.write(chunk)) await drained(out);
  }
  const tail = encoder.end();
  if (tail.length > 0 && !out.destroyed) out.write(tail);
  return result;
}
