import type { Database } from 'better-sqlite3';
import { assignmentsRepo } from './assignments';
import { candidatesRepo } from './candidates';
import { comparisonsRepo } from './comparisons';
import { countsRepo } from './counts';
import { dataBrowserRepo } from './data-browser';
import { exportLabelsRepo } from './export-labels';
import { jobsRepo } from './jobs';
import { labelVersionsRepo } from './label-versions';
import { labelsRepo } from './labels';
import { leaderboardRepo } from './leaderboard';
import { policiesRepo } from './policies';
import { promptsRepo } from './prompts';
import { responsesRepo } from './responses';
import { rewardDataRepo } from './reward-data';
import { rewardModelsRepo } from './reward-models';
import { sessionsRepo } from './sessions';
import { settingsRepo } from './settings';
import { snapshotsRepo } from './snapshots';
import { tokensRepo } from './tokens';
import { usersRepo } from './users';

/** Every repository over one open database; statements are prepared once, here. */
export function createStore(db: Database) {
  // one transaction function, made once, that runs whatever it is given (better-sqlite3 makes nested calls savepoints)
  const inTransaction = db.transaction((fn: () => unknown) => fn());
  return {
    db,
    users: usersRepo(db),
    sessions: sessionsRepo(db),
    tokens: tokensRepo(db),
    settings: settingsRepo(db),
    prompts: promptsRepo(db),
    policies: policiesRepo(db),
    responses: responsesRepo(db),
    comparisons: comparisonsRepo(db),
    candidates: candidatesRepo(db),
    assignments: assignmentsRepo(db),
    labels: labelsRepo(db),
    labelVersions: labelVersionsRepo(db),
    dataBrowser: dataBrowserRepo(db),
    leaderboard: leaderboardRepo(db),
    counts: countsRepo(db),
    rewardData: rewardDataRepo(db),
    exportLabels: exportLabelsRepo(db),
    rewardModels: rewardModelsRepo(db),
    jobs: jobsRepo(db),
    snapshots: snapshotsRepo(db),
    /** Runs fn in one IMMEDIATE transaction (takes the write lock at once: no upgrade deadlocks with the CLI). */
    transaction<T>(fn: () => T): T {
      return inTransaction.immediate(fn) as T;
    },
  };
}

export type Store = ReturnType<typeof createStore>;
