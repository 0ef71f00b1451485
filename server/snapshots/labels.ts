// A raw-labels snapshot (labels-jsonl or labels-parquet) read back as the reward dataset's label rows, after its
// bytes are checked against the recorded sha256: training on a snapshot trains on exactly what it froze.
// A snapshot has no prompt ids (exports do not carry them): prompts are numbered by their content, which is
// what the by-prompt held-out split needs.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { parquetReadObjects } from 'hyparquet';
import { HttpError } from '../errors';
import type { Message } from '../ml/model/chat-template';
import type { LabelRow } from '../ml/reward/dataset';
import type { Store } from '../store';
import type { StoredSnapshot } from '../store/snapshots';
import { assertIntact, snapshotById, snapshotPath } from './files';

export const LABEL_SNAPSHOT_FORMATS = ['labels-jsonl', 'labels-parquet'] as const;

/** The snapshot with this id when it holds raw labels; 404 / 400 otherwise. */
export function labelSnapshot(store: Store, id: number): StoredSnapshot {
  const snapshot = snapshotById(store, id);
  if (!(LABEL_SNAPSHOT_FORMATS as readonly string[]).includes(snapshot.format)) {
    throw new HttpError(400, 'invalid_request', `snapshot ${snapshot.name} v${snapshot.version} is ${snapshot.format}: training reads ${LABEL_SNAPSHOT_FORMATS.join(' or ')} snapshots`);
  }
  return snapshot;
}

interface RawLabel {
  label_id: number;
  comparison_id: number;
  kind: LabelRow['kind'];
  prompt: string;
  prompt_messages: Message[] | null;
  response_a: string;
  response_b: string;
  choice: LabelRow['choice'];
  strength: number;
  shown_order: LabelRow['shownOrder'];
}

async function rawLabels(format: StoredSnapshot['format'], bytes: Buffer): Promise<RawLabel[]> {
  if (format === 'labels-jsonl') {
    return bytes
      .toString('utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as RawLabel);
  }
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer;
  return (await parquetReadObjects({ file })) as unknown as RawLabel[];
}

/** The snapshot's labels as LabelRows, in file order; 409 snapshot_changed when its file is not what was frozen. */
export async function snapshotLabelRows(store: Store, snapshot: StoredSnapshot): Promise<LabelRow[]> {
  const path = snapshotPath(store, snapshot);
  const bytes = existsSync(path) ? readFileSync(path) : null;
  assertIntact(snapshot, bytes && createHash('sha256').update(bytes).digest('hex'));
  const promptIds = new Map<string, number>();
  return (await rawLabels(snapshot.format, bytes as Buffer)).map((r) => {
    const prompt = r.prompt_messages ?? r.prompt;
    const key = JSON.stringify(prompt);
    if (!promptIds.has(key)) promptIds.set(key, promptIds.size + 1);
    return {
      labelId: r.label_id,
      comparisonId: r.comparison_id,
      promptId: promptIds.get(key) as number,
      prompt,
      responseA: r.response_a,
      responseB: r.response_b,
      choice: r.choice,
      strength: r.strength,
      shownOrder: r.shown_order,
      kind: r.kind,
    };
  });
}
