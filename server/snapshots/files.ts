// Where snapshot files live (<database folder>/snapshots/) and how one is checked against its recorded hash.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { HttpError } from '../errors';
import { outputDir } from '../jobs/kinds/common';
import type { Store } from '../store';
import type { StoredSnapshot } from '../store/snapshots';

export const snapshotsDir = (store: Store): string => outputDir(store, 'snapshots');

export const snapshotPath = (store: Store, snapshot: StoredSnapshot): string => join(snapshotsDir(store), snapshot.file);

/** `name-v3.parquet` */
export const snapshotFileName = (name: string, version: number, extension: string): string => `${name}-v${version}.${extension}`;

/** The snapshot with this id; 404 not_found when there is none. */
export function snapshotById(store: Store, id: number): StoredSnapshot {
  const snapshot = store.snapshots.byId(id);
  if (!snapshot) throw new HttpError(404, 'not_found', `snapshot ${id} not found`);
  return snapshot;
}

/** hex sha256 of a file, streamed. */
export async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** 409 snapshot_changed when the file is gone or its bytes are not the ones recorded. */
export function assertIntact(snapshot: StoredSnapshot, actualSha256: string | null): void {
  if (actualSha256 !== snapshot.sha256) {
    const what = actualSha256 === null ? 'is missing' : `hashes to ${actualSha256.slice(0, 12)}…, not ${snapshot.sha256.slice(0, 12)}…`;
    throw new HttpError(409, 'snapshot_changed', `snapshot ${snapshot.name} v${snapshot.version}: its file ${snapshot.file} ${what}`);
  }
}
