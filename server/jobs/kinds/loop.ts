/**
 * loop: one round of labels → reward model → a better policy → new pairs (DESIGN.md §4 "The loop";
 * server/ml/loop/round.ts runs it in the worker).
 *
 * prepare: the reward-model input when at least `minNewLabels` labels arrived since the last reward model (or
 * `forceRm`), the active reward model, the policy algorithm's input, and the prompts for new pairs (those with the
 * fewest comparisons first). finish (one transaction): registers the reward model (activated when its held-out
 * accuracy is not below the active one's on the same held-out pairs, measured in the worker), the
 * new policy version (activated unless `activate: false`; the previous one stays for roll back), and stores the
 * pairs: same-version pairs as 'train' comparisons (ordered in the queue by the reward-model ensemble's
 * uncertainty when it has several heads), cross-version pairs (new vs previous) as 'eval' comparisons,
 * which the queue serves first and whose labels the leaderboard reads.
 */
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { HttpError } from '../../errors';
import type { PromptInput, ResponseSample } from '../../ml/generation/sample-responses';
import { LOOP_ALGORITHMS, type RoundPolicy } from '../../ml/loop/policy-update';
import { buildDataset } from '../../ml/reward/dataset';
import { RM_GATE_DEFAULTS } from '../../ml/reward/activation-rule';
import type { LoopRoundResult } from '../../ml/loop/round';
import type { Store } from '../../store';
import { defineJobKind, type JobContext } from '../kind';
import { activePolicyCheckpoint } from './common';
import { LOOP_ALGORITHM_KINDS } from './loop-algorithms';
import { datasetOptions, RmJobConfigSchema, registerRewardModel, rmKind, storedLabels } from './rm';
import type { LoopTaskInput } from './loop-task';

const PairsSchema = z
  .object({
    prompts: z.number().int().min(0).max(100_000).default(100), // same-version pairs, one per prompt
    samplesPerPrompt: z.number().int().min(2).max(16).default(4), // the most different two of K are paired
    temperature: z.number().positive().max(10).default(1.0),
    crossPrompts: z.number().int().min(0).max(100_000).default(50), // cross-version pairs (new vs previous)
    crossTemperature: z.number().positive().max(10).default(0.7),
    maxNewTokens: z.number().int().min(1).max(4096).default(96),
    seed: z.number().int().min(0).optional(), // [the job id]
  })
  .strict();

export const LoopJobConfigSchema = z
  .object({
    algorithm: z.enum(LOOP_ALGORITHMS).default('ppo'),
    minNewLabels: z.number().int().min(0).optional(), // [the rmRetrainEveryLabels setting]
    forceRm: z.boolean().default(false), // retrain the reward model whatever the count
    rm: RmJobConfigSchema.prefault({}),
    policy: z.unknown().default({}), // the algorithm's job config (e.g. the ppo kind's), validated by its schema
    pairs: PairsSchema.prefault({}),
    // a policy update that needs the reward model runs only if its held-out accuracy this round is z coin standard
    // errors (0.5/√n) above minAccuracy; { z: 0, minAccuracy: 0 } lets any reward model drive it
    rmGate: z
      .object({ minAccuracy: z.number().min(0).max(1).default(RM_GATE_DEFAULTS.minAccuracy), z: z.number().min(0).max(10).default(RM_GATE_DEFAULTS.z) })
      .strict()
      .prefault({}),
    updatePolicy: z.boolean().default(true), // false: reward model (if due) and pairs of the active policy only
    activate: z.boolean().default(true),
  })
  .strict();
export type LoopJobConfig = z.infer<typeof LoopJobConfigSchema>;

export interface LoopJobResult {
  rewardModel: { id: number; version: number; activated: boolean; valAccuracy: number | null } | null;
  rmComparison: { candidate: number | null; active: number | null } | null; // held-out accuracy on the same pairs
  policy: { id: number; version: number; activated: boolean } | null;
  skipped: string | null;
  pairs: { same: number; cross: number; identical: number };
  seconds: { rm: number; policy: number; pairs: number };
  metrics: Record<string, number>;
}

const activePolicy = (store: Store) => activePolicyCheckpoint(store, 'No active built-in policy to improve', { builtinOnly: true });

function policyConfig(config: LoopJobConfig): unknown {
  const parsed = LOOP_ALGORITHM_KINDS[config.algorithm].schema.safeParse(config.policy);
  if (!parsed.success) throw new HttpError(400, 'invalid_request', `loop: invalid policy config for ${config.algorithm}`, parsed.error.issues);
  return parsed.data;
}

/** Train-split single-message prompts, fewest comparisons first: `same` for same-version pairs, then `cross`. */
function pairPrompts(store: Store, same: number, cross: number): { same: PromptInput[]; cross: PromptInput[] } {
  const rows: PromptInput[] = store.prompts.leastCompared(same + cross);
  return { same: rows.slice(0, same), cross: rows.slice(same) };
}

/**
 * The stored labels' held-out pairs, split as the loop's reward-model config splits them, on which the gate judges
 * the active reward model: read by the job's worker, or here for an in-memory database.
 */
function gateData(store: Store, config: LoopJobConfig): Pick<LoopTaskInput, 'gateEval' | 'gateLabels'> {
  const options = datasetOptions(RmJobConfigSchema.parse(config.rm));
  const stored = storedLabels(store, options);
  return stored ? { gateLabels: stored } : { gateEval: buildDataset(store.rewardData.labelRows(), options).heldout };
}

function wantsNewRm(store: Store, config: LoopJobConfig): boolean {
  return config.forceRm || store.jobs.labelsSinceLastRewardModel() >= (config.minNewLabels ?? store.settings.rmRetrainEveryLabels());
}

export const loopKind = defineJobKind({
  kind: 'loop',
  config: LoopJobConfigSchema,
  task: fileURLToPath(new URL('./loop-task.ts', import.meta.url)),
  check({ store }: JobContext, config: LoopJobConfig) {
    activePolicy(store);
    const usesRm = LOOP_ALGORITHM_KINDS[config.algorithm].usesRewardModel(policyConfig(config));
    if (config.updatePolicy && usesRm && !wantsNewRm(store, config) && !store.rewardModels.active()) {
      throw new HttpError(409, 'not_enough_labels', 'No active reward model and too few new labels to train one (set forceRm, or lower minNewLabels)');
    }
  },
  async prepare(ctx: JobContext, config: LoopJobConfig, run): Promise<LoopTaskInput> {
    const { store } = ctx;
    const previous = activePolicy(store);
    const active = store.rewardModels.active();
    const rm = wantsNewRm(store, config) ? await rmKind.prepare!(ctx, RmJobConfigSchema.parse(config.rm), run) : null;
    const prompts = pairPrompts(store, config.pairs.prompts, config.pairs.crossPrompts);
    const algorithm = LOOP_ALGORITHM_KINDS[config.algorithm];
    const usesRm = config.updatePolicy && algorithm.usesRewardModel(policyConfig(config));
    const policy = config.updatePolicy ? await algorithm.input(ctx, policyConfig(config), run) : null; // the worker picks the reward model
    return {
      rm,
      activeRm: active?.checkpointPath ? { dir: active.checkpointPath } : null,
      rmGate: config.rmGate,
      ...(rm === null && usesRm && active ? gateData(store, config) : {}),
      policy: config.updatePolicy ? ({ algorithm: config.algorithm, input: policy } as RoundPolicy) : null,
      previousPolicyDir: previous.checkpointPath,
      pairs: { ...config.pairs, seed: config.pairs.seed ?? run.jobId, prompts: prompts.same, crossPrompts: prompts.cross },
    };
  },
  finish(ctx: JobContext, output: LoopRoundResult, config: LoopJobConfig, run): LoopJobResult {
    const { store, log, live } = ctx;
    const previous = activePolicy(store);
    // 1. reward model
    const rm = output.rm ? registerRewardModel(ctx, output.rm, output.rmUsed === 'new' ? 'force' : 'never') : null;
    // 2. policy
    let policy: LoopJobResult['policy'] = null;
    let policyMetrics: Record<string, number> = {};
    if (output.policy) {
      const registered = LOOP_ALGORITHM_KINDS[config.algorithm].finish(ctx, output.policy, policyConfig(config), run);
      if (config.activate) {
        store.policies.activate(registered.policy.id);
        live.modelActivated({ kind: 'policy', id: registered.policy.id, version: registered.policy.version });
      }
      policy = { ...registered.policy, activated: config.activate };
      policyMetrics = registered.metrics;
    }
    // 3. pairs
    const nextId = policy?.id ?? previous.id;
    const pairs = storeRoundPairs(store, output, nextId, previous.id);
    live.pairsAdded(pairs.same + pairs.cross);
    log.info(
      `loop: ${rm ? `reward model v${rm.rewardModel.version}${rm.activated ? '' : ' (kept inactive)'}, ` : ''}${policy ? `policy v${policy.version}${policy.activated ? ' active' : ''}` : `policy skipped: ${output.skipped}`}, ${pairs.same} + ${pairs.cross} new pairs`,
    );
    return {
      rewardModel: rm && { ...rm.rewardModel, activated: rm.activated, valAccuracy: rm.valAccuracy },
      policy,
      rmComparison: output.rmComparison,
      skipped: output.skipped,
      pairs,
      seconds: output.seconds,
      metrics: { ...(rm ? prefixed('rm/', rm.metrics) : {}), ...(policy ? prefixed('policy/', policyMetrics) : {}) },
    };
  },
});

const prefixed = (prefix: string, m: Record<string, number>) => Object.fromEntries(Object.entries(m).map(([k, v]) => [`${prefix}${k}`, v]));

/** Stores both kinds of pairs; pairs of identical texts are not worth an annotator's time and are skipped. */
function storeRoundPairs(store: Store, output: LoopRoundResult, nextId: number, previousId: number) {
  const overlapTarget = store.settings.queue().overlap;
  const save = (s: ResponseSample, policyId: number) =>
    store.responses.upsert({ promptId: s.promptId, policyId, text: s.text, tokenCount: s.tokenCount, logprobSum: s.logprobSum, samplingParams: s.samplingParams }).id;
  const counts = { same: 0, cross: 0, identical: 0 };
  const add = (a: ResponseSample, b: ResponseSample, ids: [number, number], kind: 'train' | 'eval', uncertainty: number | null = null) => {
    if (a.text === b.text) return void counts.identical++;
    const [responseA, responseB] = [save(a, ids[0]), save(b, ids[1])];
    store.comparisons.insert({ promptId: a.promptId, responseA, responseB, kind, priority: 0, overlapTarget, uncertainty });
    counts[kind === 'train' ? 'same' : 'cross']++;
  };
  for (const { a, b, uncertainty } of output.samePairs) add(a, b, [nextId, nextId], 'train', uncertainty);
  output.crossPairs.forEach(({ next, previous }, i) => {
    // alternate sides so that neither version always sits in slot a (the queue also shuffles the shown order)
    if (i % 2 === 0) add(next, previous, [nextId, previousId], 'eval');
    else add(previous, next, [previousId, nextId], 'eval');
  });
  return counts;
}
