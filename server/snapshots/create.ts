// Freezes an export as a snapshot: the export is streamed into a temp file in the snapshots folder while it is
// hashed, fsynced, then renamed to `<name>-v<version>.<ext>` in the same transaction that records the row, so a
// snapshot row always has its whole file and a crash leaves at most a temp file behind.
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, createWriteStream, fsyncSync, mkdirSync, openSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { CreateSnapshot } from '../../shared/schemas/snapshots';
import { isoAt } from '../clock';
import { EXPORT_FORMAT_MODULES } from '../export/formats';
import { checkExport, writeExport } from '../export/write';
import type { Store } from '../store';
import type { StoredSnapshot } from '../store/snapshots';
import { snapshotFileName, snapshotsDir } from './files';

function fsyncFile(path: string): void {
  const fd = openSync(path, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export async function createSnapshot(store: Store, request: CreateSnapshot, createdBy: number | null, nowMs: number): Promise<StoredSnapshot> {
  const { name, ...query } = request;
  checkExport(store, query);
  const dir = snapshotsDir(store);
  mkdirSync(dir, { recursive: true });
  const temp = join(dir, `.${name}-${randomBytes(4).toString('hex')}.tmp`);
  try {
    const hash = createHash('sha256');
    let bytes = 0;
    const hashing = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        bytes += chunk.length;
        done(null, chunk);
      },
    });
    const written = pipeline(hashing, createWriteStream(temp));
    const result = await writeExport(store, query, hashing);
    hashing.end();
    await written;
    fsyncFile(temp);

    const { format, ...filters } = query;
    const { extension } = EXPORT_FORMAT_MODULES[format];
    const row = { name, format, filters, sha256: hash.digest('hex'), bytes, rows: result.rows, skipped: result.skipped, createdBy, createdAt: isoAt(nowMs) };
    return store.transaction(() => {
      const snapshot = store.snapshots.insert(row, (version) => snapshotFileName(name, version, extension));
      renameSync(temp, join(dir, snapshot.file)); // a failed rename rolls the row back
      return snapshot;
    });
  } finally {
    rmSync(temp, { force: true });
  }
}
