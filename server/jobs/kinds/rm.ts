/**
 * rm: trains a reward model on every label in the database (DESIGN.md §4 "Reward model").
 *
 * prepare (main thread): label rows → preference pairs (server/ml/reward/dataset.ts), split by prompt; the
 * active policy is the trunk and its samples the normalisation reference. The worker trains, normalises and
 * writes the checkpoint under <database folder>/reward-models/, then scores the active reward model on the same
 * held-out pairs. finish registers the version (parent = the active one) and activates it when its held-out
 * accuracy is not below the active one's on those pairs (or `force`).
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { HttpError } from '../../errors';
import { notWorse, type RmComparison } from '../../ml/reward/activation-rule';
import { buildDataset, type DatasetOptions, type LabelRow } from '../../ml/reward/dataset';
import type { RmTaskResult } from '../../ml/reward/run';
import { labelSnapshot, snapshotLabelRows } from '../../snapshots/labels';
import type { Store } from '../../store';
import type { StoredSnapshot } from '../../store/snapshots';
import { defineJobKind, type JobContext } from '../kind';
import { activePolicyCheckpoint, outputDir } from './common';
import { type StoredLabels, wordPriorByDefault } from '../stored-labels';
import type { RmJobTaskInput, RmJobTaskResult } from './rm-task';

export const RmJobConfigSchema = z.object({
  // data: the labels a raw-labels snapshot froze (server/snapshots), else every stored label
  snapshotId: z.number().int().positive().optional(),
  mode: z.enum(['each_label', 'majority']).default('each_label'),
  margins: z.boolean().default(true),
  heldoutFraction: z.number().min(0).max(0.5).default(0.15),
  splitSeed: z.number().int().min(0).default(0),
  referenceSamples: z.number().int().min(1).max(10_000).default(512),
  // training (server/ml/reward/config.ts; unset = its defaults)
  lr: z.number().positive().max(1).optional(),
  batchSize: z.number().int().min(1).max(256).optional(),
  epochs: z.number().int().min(1).max(100).optional(),
  steps: z.number().int().min(1).max(1_000_000).optional(),
  maxLen: z.number().int().min(8).max(4096).optional(),
  ensemble: z.number().int().min(1).max(16).optional(),
  // a GloVe word prior under the trunk (server/ml/reward/word-prior.ts) [auto: on unless most training prompts are
  // task-world prompts, whose answers are numbers and spellings rather than English that word vectors know]
  wordPrior: z.boolean().optional(),
  wordPriorL2: z.number().positive().max(100).optional(), // its penalty [chosen by cross-validation]
  seed: z.number().int().min(0).optional(),
  // activation
  force: z.boolean().default(false),
});
export type RmJobConfig = z.infer<typeof RmJobConfigSchema>;

export interface RmJobResult {
  rewardModel: { id: number; version: number };
  activated: boolean;
  valAccuracy: number | null;
  metrics: Record<string, number>;
  pairs: { train: number; eval: number };
  /** the new and the active model's held-out accuracy on the same pairs (absent: nothing was compared) */
  comparison?: RmComparison | null;
  /** the snapshot it was trained on (absent: the stored labels at the job's start) */
  snapshot?: SnapshotCitation;
}

/** What a model records of the snapshot it was trained on. */
export type SnapshotCitation = Pick<StoredSnapshot, 'id' | 'name' | 'version' | 'sha256' | 'rows'>;

const activePolicy = (store: Store) =>
  activePolicyCheckpoint(store, 'No active built-in policy to initialise the reward model from');

/** Preference pairs from every stored label (or the rows given), split by prompt; 409 not_enough_labels without any to train on. */
export function labelDataset(store: Store, options: Partial<DatasetOptions>, rows: LabelRow[] = store.rewardData.labelRows()) {
  const ds = buildDataset(rows, options);
  if (ds.train.length === 0) throw new HttpError(409, 'not_enough_labels', `No preference pairs to train on (${ds.labels} labels, ${ds.excluded} ties or both-bad)`);
  return ds;
}

/** The dataset options of a reward-model config (how labels become pairs, and the held-out split). */
export const datasetOptions = (c: RmJobConfig) => ({ mode: c.mode, margins: c.margins, heldoutFraction: c.heldoutFraction, seed: c.splitSeed });

/**
 * The labels a raw-labels snapshot froze (its file checked against its hash) or, without one, the stored labels,
 * as a dataset; and what the model will cite. The rm and dpo kinds train on it.
 */
export async function trainingDataset(store: Store, options: Partial<DatasetOptions>, snapshotId: number | undefined) {
  if (snapshotId === undefined) return { ds: labelDataset(store, options), snapshot: undefined };
  const snapshot = labelSnapshot(store, snapshotId);
  const ds = labelDataset(store, options, await snapshotLabelRows(store, snapshot));
  const { id, name, version, sha256, rows } = snapshot;
  return { ds, snapshot: { id, name, version, sha256, rows } satisfies SnapshotCitation };
}

/** 409 not_enough_labels unless some stored label prefers one side (a cheap count; the pairs are built later). */
export function requireDecisiveLabels(store: Store): void {
  if (store.rewardData.decisiveLabelCount() === 0) throw new HttpError(409, 'not_enough_labels', 'No preference pairs to train on (no stored label prefers a side)');
}

/** Where a job's worker reads the stored labels; undefined for an in-memory database, which `prepare` reads. */
export const storedLabels = (store: Store, options: Partial<DatasetOptions>): StoredLabels | undefined =>
  store.db.memory ? undefined : { dbFile: store.db.name, options };


/**
 * Registers a trained reward model as a new version and activates it: 'not_worse' when its held-out accuracy is
 * not below the active one's (as stored), 'force' always, 'never' not at all (the loop decides on equal pairs).
 */
export function registerRewardModel({ store, log, live }: JobContext, output: RmTaskResult, activation: 'not_worse' | 'force' | 'never'): RmJobResult {
  const { id, version } = store.rewardModels.register({
    checkpointPath: output.outDir,
    parentId: (output.meta.parentId as number | null) ?? null,
    trainedOnLabelCount: (output.meta.labelCount as number) ?? 0,
    valAccuracy: output.valAccuracy,
    metrics: { ...output.metrics, normalisation: output.normalisation, pairs: output.pairs, steps: output.steps, ...snapshotOf(output) },
  });
  const activated = activation !== 'never' && store.rewardModels.activate(id, { force: activation === 'force' }).activated;
  if (activated) live.modelActivated({ kind: 'reward', id, version });
  log.info(`rm: reward model v${version} (held-out accuracy ${output.valAccuracy ?? 'n/a'}) ${activated ? 'activated' : 'kept inactive'}`);
  return { rewardModel: { id, version }, activated, valAccuracy: output.valAccuracy, metrics: output.metrics, pairs: output.pairs, ...snapshotOf(output) };
}

/** `{snapshot}` when the run trained on one (prepare put it in meta), else nothing. */
const snapshotOf = (output: RmTaskResult): { snapshot?: SnapshotCitation } =>
  output.meta.snapshot ? { snapshot: output.meta.snapshot as SnapshotCitation } : {};

export const rmKind = defineJobKind({
  kind: 'rm',
  config: RmJobConfigSchema,
  task: fileURLToPath(new URL('./rm-task.ts', import.meta.url)),
  check({ store }: JobContext, config: RmJobConfig) {
    activePolicy(store);
    if (config.snapshotId === undefined) requireDecisiveLabels(store);
    else labelSnapshot(store, config.snapshotId); // its rows are read (and hash-checked) when the job starts
  },
  async prepare({ store }: JobContext, config: RmJobConfig, run): Promise<RmJobTaskInput> {
    const policy = activePolicy(store);
    // the stored labels are read by the job's worker (server/jobs/stored-labels.ts) unless the database is in memory
    const stored = config.snapshotId === undefined ? storedLabels(store, datasetOptions(config)) : undefined;
    const { ds, snapshot } = stored ? { ds: null, snapshot: undefined } : await trainingDataset(store, datasetOptions(config), config.snapshotId);
    const { mode, margins, heldoutFraction, splitSeed, referenceSamples, force, snapshotId: _, ...training } = config;
    if (ds) training.wordPrior ??= wordPriorByDefault(store, ds.train);
    return {
      init: { policyDir: policy.checkpointPath },
      outDir: join(outputDir(store, 'reward-models'), `rm-job${run.jobId}-${randomBytes(3).toString('hex')}`),
      train: ds?.train ?? [],
      eval: ds?.heldout ?? [],
      ...(stored ? { stored } : {}),
      reference: store.rewardData.policySamples(policy.id, referenceSamples),
      config: Object.fromEntries(Object.entries(training).filter(([, v]) => v !== undefined)),
      meta: { policyVersion: policy.version, parentId: store.rewardModels.active()?.id ?? null, ...(ds ? { labelCount: ds.labels } : {}), data: { mode, margins, heldoutFraction, splitSeed }, snapshot },
      compareWith: force ? null : (store.rewardModels.active()?.checkpointPath ?? null),
    };
  },
  finish(ctx: JobContext, output: RmJobTaskResult, config: RmJobConfig): RmJobResult {
    // judged on the same pairs when the worker could (an active model with a checkpoint), else on stored figures
    const activation = config.force ? 'force' : output.comparison ? (notWorse(output.comparison) ? 'force' : 'never') : 'not_worse';
    return { ...registerRewardModel(ctx, output, activation), comparison: output.comparison };
  },
});
