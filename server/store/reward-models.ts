// Reward-model versions over the reward_models table: register, list, get, activate (at most one active; a new
// version replaces the active one only when its held-out accuracy is not worse, unless forced), roll back.
import type { Database } from 'better-sqlite3';
import { notWorse } from '../ml/reward/activation-rule';

export interface NewRewardModel {
  checkpointPath: string;
  parentId?: number | null;
  trainedOnLabelCount: number;
  valAccuracy: number | null;
  metrics?: Record<string, unknown>;
}

export interface RewardModelRow {
  id: number;
  version: number;
  parentId: number | null;
  checkpointPath: string | null;
  trainedOnLabelCount: number;
  valAccuracy: number | null;
  metrics: Record<string, unknown>;
  createdAt: string;
  active: boolean;
}

export type ActivateOutcome =
  | { activated: true; previous: number | null }
  | { activated: false; reason: 'not_found' | 'worse'; active?: { id: number; valAccuracy: number | null } };

interface Row {
  id: number;
  version: number;
  parent_id: number | null;
  checkpoint_path: string | null;
  trained_on_label_count: number;
  val_accuracy: number | null;
  metrics: string;
  created_at: string;
  active: number;
}

const COLUMNS = 'id, version, parent_id, checkpoint_path, trained_on_label_count, val_accuracy, metrics, created_at, active';

const toModel = (r: Row): RewardModelRow => ({
  id: r.id,
  version: r.version,
  parentId: r.parent_id,
  checkpointPath: r.checkpoint_path,
  trainedOnLabelCount: r.trained_on_label_count,
  valAccuracy: r.val_accuracy,
  metrics: JSON.parse(r.metrics),
  createdAt: r.created_at,
  active: r.active === 1,
});


export function rewardModelsRepo(db: Database) {
  const q = {
    nextVersion: db.prepare<[], number>('SELECT COALESCE(MAX(version), 0) + 1 FROM reward_models').pluck(),
    insert: db.prepare(
      `INSERT INTO reward_models (version, parent_id, checkpoint_path, trained_on_label_count, val_accuracy, metrics, active)
       VALUES (@version, @parentId, @checkpointPath, @trainedOnLabelCount, @valAccuracy, @metrics, 0)`,
    ),
    byId: db.prepare<[number], Row>(`SELECT ${COLUMNS} FROM reward_models WHERE id = ?`),
    active: db.prepare<[], Row>(`SELECT ${COLUMNS} FROM reward_models WHERE active = 1`),
    list: db.prepare<[number, number], Row>(`SELECT ${COLUMNS} FROM reward_models ORDER BY version DESC LIMIT ? OFFSET ?`),
    count: db.prepare<[], number>('SELECT count(*) FROM reward_models').pluck(),
    previous: db.prepare<[number], Row>(`SELECT ${COLUMNS} FROM reward_models WHERE version < ? ORDER BY version DESC LIMIT 1`),
    deactivateAll: db.prepare('UPDATE reward_models SET active = 0 WHERE active = 1'),
    activate: db.prepare<[number]>('UPDATE reward_models SET active = 1 WHERE id = ?'),
  };
  const get = (id: number) => {
    const row = q.byId.get(id);
    return row && toModel(row);
  };
  const active = () => {
    const row = q.active.get();
    return row && toModel(row);
  };
  const setActive = (id: number) => {
    q.deactivateAll.run();
    q.activate.run(id);
  };
  const inTransaction = <T>(fn: () => T): T => db.transaction(fn).immediate();

  return {
    get,
    active,
    /** A new version (max + 1), not active yet. */
    register(m: NewRewardModel): { id: number; version: number } {
      return inTransaction(() => {
        const version = q.nextVersion.get() as number;
        const info = q.insert.run({
          version,
          parentId: m.parentId ?? null,
          checkpointPath: m.checkpointPath,
          trainedOnLabelCount: m.trainedOnLabelCount,
          valAccuracy: m.valAccuracy,
          metrics: JSON.stringify(m.metrics ?? {}),
        });
        return { id: Number(info.lastInsertRowid), version };
      });
    },
    /** Newest first. */
    list({ limit, offset }: { limit: number; offset: number }) {
      return { items: q.list.all(limit, offset).map(toModel), total: q.count.get() as number, limit, offset };
    },
    /** Makes `id` the one active version if it is not worse than the active one (or `force`). */
    activate(id: number, { force = false } = {}): ActivateOutcome {
      return inTransaction((): ActivateOutcome => {
        const candidate = get(id);
        if (!candidate) return { activated: false, reason: 'not_found' };
        const current = active();
        if (current && current.id !== id && !force && !notWorse({ candidate: candidate.valAccuracy, active: current.valAccuracy })) {
          return { activated: false, reason: 'worse', active: { id: current.id, valAccuracy: current.valAccuracy } };
        }
        setActive(id);
        return { activated: true, previous: current?.id ?? null };
      });
    },
    /** Activates the version before the active one (forced); undefined when there is none. */
    rollBack(): RewardModelRow | undefined {
      return inTransaction(() => {
        const current = active();
        const target = current ? q.previous.get(current.version) : undefined;
        if (!target) return undefined;
        setActive(target.id);
        return get(target.id);
      });
    },
  };
}
