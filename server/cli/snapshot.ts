/** `prefloop snapshot create NAME --format F [filters]` and `prefloop snapshot list [--name NAME]`, on the database file. */
import { parseArgs } from 'node:util';
import { EXPORT_FORMATS } from '../../shared/schemas/exports';
import { SnapshotNameSchema } from '../../shared/schemas/snapshots';
import { parseEnv } from '../env';
import { createSnapshot } from '../snapshots/create';
import { assertIntact, sha256OfFile, snapshotPath } from '../snapshots/files';
import { createStore, type Store } from '../store';
import { openDatabase } from '../store/db';
import type { StoredSnapshot } from '../store/snapshots';
import { EXPORT_OPTIONS, exportQueryOf } from './export';

export const SNAPSHOT_USAGE = `Usage: prefloop snapshot create NAME --format F [filters]
       prefloop snapshot list [--name NAME]

  create   freezes an export as NAME's next version (v1, v2, …) in the snapshots folder beside the database,
           with its sha256, filters and row count; the filters are export's (prefloop export --help)
  list     every snapshot, newest first (or one name's versions)

Training cites a snapshot by id: prefloop train-rm --config '{"snapshotId": ID}' (labels-jsonl or labels-parquet).
Copy one out with prefloop export FILE --snapshot NAME[@VERSION] (the file is checked against its sha256).`;

const line = (s: StoredSnapshot) =>
  `#${s.id}  ${s.name} v${s.version}  ${s.format}  ${s.rows} rows  ${s.bytes} bytes  sha256 ${s.sha256.slice(0, 16)}…  ${s.createdAt}  ${JSON.stringify(s.filters)}`;

/** `name` or `name@3` (`name@v3`) → the snapshot; a one-line error when there is none. */
export function snapshotByRef(store: Store, ref: string): StoredSnapshot {
  const [, name, version] = /^([^@]+)(?:@v?(\d+))?$/.exec(ref) ?? [];
  const snapshot = name ? store.snapshots.byName(name, version ? Number(version) : null) : undefined;
  if (!snapshot) throw new Error(`No snapshot ${ref} (prefloop snapshot list)`);
  return snapshot;
}

/** Checks a snapshot's file against its hash; its path. */
export async function intactSnapshotFile(store: Store, snapshot: StoredSnapshot): Promise<string> {
  const path = snapshotPath(store, snapshot);
  assertIntact(snapshot, await sha256OfFile(path).catch(() => null));
  return path;
}

export async function snapshotCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { ...EXPORT_OPTIONS, name: { type: 'string' } } });
  const [action, name, ...extra] = positionals;
  if (values.help || !action) return console.log(SNAPSHOT_USAGE);
  if (extra.length > 0 || !['create', 'list'].includes(action)) throw new Error('snapshot create NAME | snapshot list (prefloop snapshot --help)');
  const db = openDatabase(parseEnv(process.env).PREFLOOP_DB);
  try {
    const store = createStore(db);
    if (action === 'list') {
      const page = store.snapshots.page({ name: values.name, limit: 500, offset: 0 });
      if (page.total === 0) console.log('No snapshots.');
      for (const s of page.items) console.log(line(s));
      return;
    }
    const parsedName = SnapshotNameSchema.safeParse(name);
    if (!parsedName.success) throw new Error(`snapshot create needs a NAME: ${parsedName.error.issues[0].message}`);
    if (values.format === undefined) throw new Error(`snapshot create needs --format (${EXPORT_FORMATS.join(', ')})`);
    const snapshot = await createSnapshot(store, { name: parsedName.data, ...exportQueryOf(values) }, null, Date.now());
    console.log(`Created snapshot ${line(snapshot)}`);
  } finally {
    db.close();
  }
}
