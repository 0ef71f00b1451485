/**
 * dpo: improves the active policy by DPO on the stored labels, offline (DESIGN.md §4 "DPO"; server/ml/rl/dpo.ts).
 *
 * prepare (main thread): label rows → preference pairs with the reward model's dataset builder
 * (server/ml/reward/dataset.ts: ties and both-bad left out, held out by prompt with the same split as the rm kind),
 * and the active built-in policy, which is also the frozen reference. The worker trains and writes the checkpoint
 * under <database folder>/policies/. finish registers it as a new policy version (parent = the active one) WITHOUT
 * activating it, with the held-out preference accuracy of its implicit reward β(log π − log π_ref). With
 * `snapshotId` it trains on the labels a raw-labels snapshot froze (server/snapshots) and the version cites it.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { DpoTaskInput, DpoTaskResult } from '../../ml/rl/dpo-run';
import { labelSnapshot } from '../../snapshots/labels';
import type { Store } from '../../store';
import { defineJobKind, type JobContext } from '../kind';
import { activePolicyCheckpoint, outputDir } from './common';
import { type StoredLabels, toDpoPair } from '../stored-labels';
import { requireDecisiveLabels, type SnapshotCitation, storedLabels, trainingDataset } from './rm';

export const DpoJobConfigSchema = z
  .object({
    // data (server/ml/reward/dataset.ts); strength and margins play no part in the DPO loss
    /** a labels-jsonl / labels-parquet snapshot to train on [the stored labels] */
    snapshotId: z.number().int().positive().optional(),
    mode: z.enum(['each_label', 'majority']).default('each_label'),
    heldoutFraction: z.number().min(0).max(0.5).default(0.15),
    // training (server/ml/rl/dpo-config.ts; unset = its defaults)
    beta: z.number().positive().max(100).optional(),
    lr: z.number().positive().max(1).optional(),
    batchSize: z.number().int().min(1).max(1024).optional(),
    microBatchSize: z.number().int().min(1).max(256).optional(),
    epochs: z.number().int().min(1).max(100).optional(),
    steps: z.number().int().min(1).max(1_000_000).optional(),
    warmupSteps: z.number().int().min(0).max(1_000_000).optional(),
    maxGradNorm: z.number().positive().optional(),
    maxLen: z.number().int().min(8).max(4096).optional(),
    seed: z.number().int().min(0).optional(),
  })
  .strict();
export type DpoJobConfig = z.infer<typeof DpoJobConfigSchema>;

export interface DpoJobResult {
  policy: { id: number; version: number };
  activated: false;
  steps: number;
  pairs: { train: number; eval: number };
  valAccuracy: number | null; // held-out eval/rewards/accuracies; null without held-out pairs
  metrics: Record<string, number>;
  /** the snapshot it was trained on (absent: the stored labels at the job's start) */
  snapshot?: SnapshotCitation;
}

const activePolicy = (store: Store) => activePolicyCheckpoint(store, 'No active built-in policy to improve', { builtinOnly: true });

// split seed 0: the rm kind's default, so both hold out the same prompts
/** A dpo job's worker input: `stored` set, its pairs are read there from the stored labels. */
export type DpoJobTaskInput = DpoTaskInput & { stored?: StoredLabels };

const datasetOptions = (config: DpoJobConfig) => ({ mode: config.mode, heldoutFraction: config.heldoutFraction, seed: 0 });


export const dpoKind = defineJobKind({
  kind: 'dpo',
  config: DpoJobConfigSchema,
  task: fileURLToPath(new URL('./dpo-task.ts', import.meta.url)),
  check({ store }: JobContext, config: DpoJobConfig) {
    activePolicy(store);
    if (config.snapshotId === undefined) requireDecisiveLabels(store);
    else labelSnapshot(store, config.snapshotId); // its rows are read (and hash-checked) when the job starts
  },
  async prepare({ store }: JobContext, config: DpoJobConfig, run): Promise<DpoJobTaskInput> {
    const policy = activePolicy(store);
    // the stored labels are read by the job's worker (server/jobs/stored-labels.ts) unless the database is in memory
    const stored = config.snapshotId === undefined ? storedLabels(store, datasetOptions(config)) : undefined;
    const { ds, snapshot } = stored ? { ds: null, snapshot: undefined } : await trainingDataset(store, datasetOptions(config), config.snapshotId);
    const { mode, heldoutFraction, snapshotId: _, ...training } = config;
    return {
      checkpointDir: policy.checkpointPath,
      outDir: join(outputDir(store, 'policies'), `dpo-job${run.jobId}-${randomBytes(3).toString('hex')}`),
      train: ds?.train.map(toDpoPair) ?? [],
      eval: ds?.heldout.map(toDpoPair) ?? [],
      ...(stored ? { stored } : {}),
      config: Object.fromEntries(Object.entries(training).filter(([, v]) => v !== undefined)),
      meta: { parentPolicyId: policy.id, parentVersion: policy.version, jobId: run.jobId, ...(ds ? { labelCount: ds.labels } : {}), data: { mode, heldoutFraction }, snapshot },
    };
  },
  finish({ store, log }: JobContext, output: DpoTaskResult, config: DpoJobConfig, run): DpoJobResult {
    const valAccuracy = output.eval['eval/rewards/accuracies'] ?? null;
    const metrics = { ...output.final, ...output.eval };
    const snapshot = output.meta.snapshot as SnapshotCitation | undefined;
    const { id, version } = store.policies.register({
      kind: 'builtin',
      checkpointPath: output.outDir,
      parentId: output.meta.parentPolicyId as number,
      config: { algorithm: 'dpo', jobId: run.jobId, ...config },
      metrics: { ...metrics, steps: output.steps, pairs: output.pairs, labelCount: output.meta.labelCount, ...(snapshot ? { snapshot } : {}) },
    });
    log.info(`dpo: policy v${version} registered (${output.steps} steps, held-out accuracy ${valAccuracy ?? 'n/a'}, not activated)`);
    return { policy: { id, version }, activated: false, steps: output.steps, pairs: output.pairs, valAccuracy, metrics, ...(snapshot ? { snapshot } : {}) };
  },
});
