// What several job kinds read the same way: the active policy they start from, and where their outputs go.
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { HttpError } from '../../errors';
import type { Store } from '../../store';

/** The active policy, which must have a checkpoint on disk (and be the built-in kind when asked); else 409 no_policy. */
export function activePolicyCheckpoint(store: Store, whyNeeded: string, opts: { builtinOnly?: boolean } = {}) {
  const policy = store.policies.active();
  if (!policy?.checkpointPath || (opts.builtinOnly && policy.kind !== 'builtin')) throw new HttpError(409, 'no_policy', whyNeeded);
  return policy as typeof policy & { checkpointPath: string };
}

/** A folder for a kind's checkpoints beside the database file (a temp folder for an in-memory database). */
export function outputDir(store: Store, name: string): string {
  const file = store.db.name;
  return file === ':memory:' || file === '' ? join(tmpdir(), `prefloop-${name}`) : join(dirname(resolve(file)), name);
}
