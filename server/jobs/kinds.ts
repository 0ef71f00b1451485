/**
 * The job kinds this server runs. Adding one (e.g. `rm`, when server/ml/reward lands):
 * 1. server/jobs/kinds/<kind>-task.ts: the worker body, `defineJobTask<Input, Output>(async (input, job) => …)`,
 *    reporting `job.progress(fraction, message)` and one `job.metrics({step, 'loss/train': …})` record per step.
 *    It gets everything it needs in `input` (structured-cloneable) and never opens the database.
 * 2. server/jobs/kinds/<kind>.ts: `export const rmKind = defineJobKind({kind: 'rm', config: <zod schema with
 *    defaults>, task: fileURLToPath(new URL('./rm-task.ts', import.meta.url)), prepare, finish})` — prepare reads
 *    the labels/checkpoint paths the worker needs (main thread, cheap queries), finish registers what it made
 *    (runs in one transaction with the job's own success, e.g. store a reward_models row).
 * 3. List it below. The kind name must be in JOB_KINDS (shared/schemas/jobs.ts) and the jobs.kind CHECK.
 * POST /api/admin/jobs {kind, config} then validates with its schema and queues it; tests may pass their own
 * registry to startServer({jobKinds}) (see tests/jobs/fixtures/).
 */
import type { JobKindRegistry } from './kind';
import { bestOfNKind } from './kinds/best-of-n';
import { dpoKind } from './kinds/dpo';
import { externalTrainerKind } from './kinds/external-trainer';
import { generateKind } from './kinds/generate';
import { loopKind } from './kinds/loop';
import { ppoKind } from './kinds/ppo';
import { rmKind } from './kinds/rm';
import { rlooKind } from './kinds/rloo';
import { selfInstructKind } from './kinds/self-instruct';
import { trpoKind } from './kinds/trpo';

export const JOB_KIND_REGISTRY: JobKindRegistry = {
  self_instruct: selfInstructKind,
  rm: rmKind,
  rloo: rlooKind,
  ppo: ppoKind,
  loop: loopKind,
  dpo: dpoKind,
  best_of_n: bestOfNKind,
  trpo: trpoKind,
  external: externalTrainerKind,
  generate: generateKind,
};
