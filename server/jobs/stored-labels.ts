// The stored labels as a preference dataset, read in a job's worker thread on a read-only connection of its own
// (WAL lets it read while the server writes), so that reading every label and building the pairs, which grows
// with the data, never runs on the server's event loop. An in-memory database cannot be opened twice: its jobs
// get their pairs from `prepare` as before.
import Database from 'better-sqlite3';
import { buildDataset, type DatasetOptions, type PreferenceDataset, type PreferencePair } from '../ml/reward/dataset';
import type { RmTaskInput } from '../ml/reward/run';
import type { DpoPair } from '../ml/rl/dpo';
import type { DpoTaskInput } from '../ml/rl/dpo-run';
import { promptsRepo } from '../store/prompts';
import { rewardDataRepo } from '../store/reward-data';
import type { Store } from '../store';

/** The reward model's word-prior default: on when at most half of the training pairs' prompts are task-world prompts. */
export function wordPriorByDefault(store: Pick<Store, 'prompts'>, pairs: readonly { promptId: number }[]): boolean {
  const ids = [...new Set(pairs.map((p) => p.promptId))];
  return ids.length > 0 && store.prompts.taskWorldCount(ids) <= ids.length / 2;
}

/** Where a job's worker reads its labels: the database file and how labels become pairs. */
export interface StoredLabels {
  dbFile: string;
  options: Partial<DatasetOptions>;
}

function withReadConnection<T>(dbFile: string, read: (db: Database.Database) => T): T {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true, timeout: 5000 });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

/** Every stored label as pairs (one snapshot of the database). */
export function readStoredDataset({ dbFile, options }: StoredLabels): PreferenceDataset {
  return withReadConnection(dbFile, (db) => readDataset(db, options));
}

const readDataset = (db: Database.Database, options: Partial<DatasetOptions>): PreferenceDataset =>
  db.transaction(() => buildDataset(rewardDataRepo(db).labelRows(), options))();

function requirePairs(ds: PreferenceDataset): PreferenceDataset {
  if (ds.train.length === 0) throw new Error(`No preference pairs to train on (${ds.labels} labels, ${ds.excluded} ties or both-bad)`);
  return ds;
}

/** A DPO run's input with its pairs read from the stored labels (when `stored` is set) and its label count in `meta`. */
export function resolveStoredDpoPairs<T extends DpoTaskInput & { stored?: StoredLabels }>(input: T): Omit<T, 'stored'> {
  const { stored, ...rest } = input;
  if (!stored) return rest;
  const ds = requirePairs(readStoredDataset(stored));
  return { ...rest, train: ds.train.map(toDpoPair), eval: ds.heldout.map(toDpoPair), meta: { ...rest.meta, labelCount: ds.labels } };
}

/** A preference pair as DPO reads it (the prompt and both answers; strength and margins play no part). */
export const toDpoPair = ({ prompt, chosen, rejected }: PreferencePair): DpoPair => ({ prompt, chosen, rejected });

/**
 * A reward-model run's input with its pairs read from the stored labels (when `stored` is set), its label count in
 * `meta` and the word prior's default decided on them, as `prepare` does for an in-memory database.
 */
export function resolveStoredLabels<T extends RmTaskInput & { stored?: StoredLabels }>(input: T): Omit<T, 'stored'> {
  const { stored, ...rest } = input;
  if (!stored) return rest;
  return withReadConnection(stored.dbFile, (db) => {
    const ds = requirePairs(readDataset(db, stored.options));
    const wordPrior = rest.config?.wordPrior ?? wordPriorByDefault({ prompts: promptsRepo(db) }, ds.train);
    return { ...rest, train: ds.train, eval: ds.heldout, config: { ...rest.config, wordPrior }, meta: { ...rest.meta, labelCount: ds.labels } };
  });
}
