// The body of a best_of_n job (worker entry: server/jobs/kinds/best-of-n-task.ts): rejection-sampling fine-tuning. Best-of-n
// over the prompts with the reward (reward model and/or verifier), keep each prompt's best answer, then one short
// SFT run on those answers (response-only loss), and a new checkpoint.
// Phases: 1. sample + score (best-of-n)  2. keep  3. SFT  4. save.
import { initBackend } from '../backend';
import { loadCheckpoint, saveCheckpoint } from '../model/checkpoint';
import type { GPT } from '../model/gpt';
import type { Tokenizer } from '../model/tokenizer';
import { loadRewardModel } from '../reward/checkpoint';
import type { RewardModel } from '../reward/model';
import { sftConfig, totalSteps } from '../sft/config';
import { trainOnRows } from '../sft/sft';
import type { StepMetrics } from '../sft/trainer';
import type { TokenRow } from '../train/batch';
import { BEST_OF_N_DEFAULTS, type BestOfN, type BestOfNOptions, bestOfN } from './best-of-n';
import { mean } from './math';
import { mixedReward, type RewardFn, type RewardMix, type RlPrompt } from './reward-fn';

export interface RftConfig extends BestOfNOptions, RewardMix {
  minGain?: number; // keep a prompt's best only when bestScore − meanScore ≥ minGain [unset: keep every prompt's best]
  lr: number; // SFT peak learning rate: small, the answers are the policy's own [5e-5]
  epochs: number; // SFT passes over the kept answers [1]
}

export const RFT_DEFAULTS: RftConfig = { ...BEST_OF_N_DEFAULTS, rmWeight: 1, verifierWeight: 0, lr: 5e-5, epochs: 1 };

export function rftConfig(overrides: Partial<RftConfig> = {}): RftConfig {
  const cfg = { ...RFT_DEFAULTS, ...overrides };
  const positiveInt = (v: number) => Number.isInteger(v) && v > 0;
  for (const key of ['n', 'maxNewTokens', 'batchSize', 'epochs'] as const) {
    if (!positiveInt(cfg[key])) throw new Error(`${key} must be a positive integer, got ${cfg[key]}`);
  }
  if (!(cfg.temperature > 0)) throw new Error(`temperature must be > 0, got ${cfg.temperature}`);
  if (!(cfg.lr > 0)) throw new Error(`lr must be > 0, got ${cfg.lr}`);
  if (!(cfg.rmWeight >= 0 && cfg.verifierWeight >= 0 && cfg.rmWeight + cfg.verifierWeight > 0)) {
    throw new Error('rmWeight and verifierWeight must be ≥ 0 and not both 0');
  }
  return cfg;
}

export type RftProgress = { phase: 'sample'; done: number; total: number } | { phase: 'sft'; metrics: StepMetrics; total: number };

export interface RftResult {
  metrics: Record<string, number>; // objective/sample_score, objective/picked_score, rft/kept, loss/train, time/*
  kept: number; // prompts whose best answer was trained on
  sftSteps: number;
}

/** Best answer as a training row: the sampled ids themselves, loss on the response only. */
function trainingRow(b: BestOfN, eosId: number): TokenRow {
  const { promptTokens, tokens, finished } = b.best;
  // An answer cut at maxNewTokens trains without an EOS target: the policy should not learn to stop there.
  const response = finished ? [...tokens, eosId] : tokens;
  return { tokens: [...promptTokens, ...response], lossMask: [...promptTokens.map(() => 0), ...response.map(() => 1)] };
}

/** Rejection-sampling fine-tuning of `policy` (in place) on its best-of-n answers to `prompts`. */
export async function fineTuneOnBest(
  policy: GPT,
  tok: Tokenizer,
  prompts: readonly RlPrompt[],
  reward: RewardFn,
  config: Partial<RftConfig> = {},
  onProgress?: (p: RftProgress) => void,
): Promise<RftResult> {
  const c = rftConfig(config);
  // 1. sample + score: n answers per prompt, the best of each group
  const t0 = performance.now();
  const groups = bestOfN(policy, tok, prompts, reward, c, (done, total) => onProgress?.({ phase: 'sample', done, total }));
  const sampleS = (performance.now() - t0) / 1000;
  // 2. keep: every prompt's best, or only those that beat their group's mean by minGain
  const kept = groups.filter((g) => c.minGain === undefined || g.bestScore - g.meanScore >= c.minGain);
  if (kept.length === 0) throw new Error(`No prompt's best answer beat its group mean by minGain ${c.minGain}: nothing to fine-tune on`);
  // 3. SFT on the kept answers (response-only loss)
  const t1 = performance.now();
  const rows = kept.map((g) => trainingRow(g, tok.eosId));
  const sftCfg = sftConfig({ lr: c.lr, epochs: c.epochs, maxLen: policy.config.blockSize, evalEvery: 0, seed: c.seed });
  const total = totalSteps(sftCfg, rows.length);
  const sft = await trainOnRows({ model: policy, padId: tok.padId, train: rows, config: sftCfg, onStep: (m) => onProgress?.({ phase: 'sft', metrics: m, total }) });
  const metrics = {
    'objective/sample_score': mean(groups.flatMap((g) => g.scores)),
    'objective/best_score': mean(groups.map((g) => g.bestScore)),
    'objective/picked_score': mean(kept.map((g) => g.bestScore)),
    'objective/picked_gain': mean(kept.map((g) => g.bestScore - g.meanScore)),
    'rft/prompts': groups.length,
    'rft/kept': kept.length,
    'rft/kept_finished_frac': kept.filter((g) => g.best.finished).length / kept.length,
    'loss/train': sft.trainLoss,
    'time/sample_s': sampleS,
    'time/train_s': (performance.now() - t1) / 1000,
  };
  return { metrics, kept: kept.length, sftSteps: sft.steps };
}

export interface BestOfNTaskInput {
  checkpointDir: string; // the policy to improve
  rewardModelDir?: string; // the reward model; without it the reward is the verifier's alone (rmWeight must be 0)
  outDir: string; // where the new checkpoint goes
  prompts: RlPrompt[];
  config?: Partial<RftConfig>;
  meta?: Record<string, unknown>; // stored in the new checkpoint's config.json, handed back
}

export type BestOfNTaskResult = RftResult & { outDir: string; meta: Record<string, unknown> };

/** Loads the policy (and reward model), fine-tunes, saves; exported so tests can run the worker's body in-process. */
export async function runBestOfNTask(input: BestOfNTaskInput, onProgress?: (p: RftProgress) => void): Promise<BestOfNTaskResult> {
  await initBackend();
  const config = rftConfig(input.config); // fail before loading anything
  let rm: RewardModel | null = null;
  const { model, tokenizer, meta } = await loadCheckpoint(input.checkpointDir);
  try {
    if (input.rewardModelDir) rm = (await loadRewardModel(input.rewardModelDir)).rm;
    const result = await fineTuneOnBest(model, tokenizer, input.prompts, mixedReward(rm, config), config, onProgress);
    await saveCheckpoint(input.outDir, model, {
      ...meta,
      ...input.meta,
      tokenizer: tokenizer.name,
      parent: input.checkpointDir,
      rl: { algorithm: 'best_of_n', n: config.n, config, rewardModel: input.rewardModelDir ?? null, metrics: result.metrics },
    });
    return { ...result, outDir: input.outDir, meta: input.meta ?? {} };
  } finally {
    rm?.dispose();
    model.dispose();
  }
}
