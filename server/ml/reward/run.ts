// One reward-model training run as plain data in, plain data out: load the trunk, train on the pairs, normalise
// on reference samples, write the checkpoint. Worker files (rm-task.ts, the rm job kind) call it.
import { initBackend } from '../backend';
import type { Message } from '../model/chat-template';
import { loadCheckpoint } from '../model/checkpoint';
import { saveRewardModel, loadRewardModel } from './checkpoint';
import { type RmConfig, rmConfig, rmTotalSteps } from './config';
import type { PreferencePair } from './dataset';
import { RewardModel, type Normalisation } from './model';
import { normaliseOn } from './normalise';
import { type StepMetrics, trainRewardModel } from './train';

export interface RmTaskInput {
  /** the trunk: a policy checkpoint (the active policy, or SFT weights) or an earlier reward model to continue */
  init: { policyDir: string } | { rewardModelDir: string };
  outDir: string; // must not exist yet
  train: PreferencePair[];
  eval: PreferencePair[];
  /** reference-policy samples for the normalisation; empty = the training pairs' responses */
  reference: { prompt: string | Message[]; response: string }[];
  config?: Partial<RmConfig>;
  meta?: Record<string, unknown>; // stored in the checkpoint's config.json (e.g. parent version, label count)
}

export interface RmTaskResult {
  outDir: string;
  steps: number;
  seconds: number;
  trainLoss: number;
  valAccuracy: number | null; // eval/accuracy; null without held-out pairs
  metrics: Record<string, number>; // the held-out metrics at the end
  normalisation: Normalisation;
  pairs: { train: number; eval: number };
  meta: Record<string, unknown>; // the input's meta, handed back
}

async function initialModel(input: RmTaskInput, cfg: RmConfig): Promise<RewardModel> {
  if ('rewardModelDir' in input.init) return (await loadRewardModel(input.init.rewardModelDir)).rm;
  const { model, tokenizer } = await loadCheckpoint(input.init.policyDir);
  if (model.loraConfig()) model.mergeLora();
  return new RewardModel(model, tokenizer, { ensemble: cfg.ensemble, headSeed: cfg.headSeed });
}

export async function runRewardTraining(input: RmTaskInput, onStep?: (m: StepMetrics, totalSteps: number) => void, signal?: AbortSignal): Promise<RmTaskResult> {
  await initBackend();
  const cfg = rmConfig(input.config);
  const rm = await initialModel(input, cfg);
  try {
    const totalSteps = rmTotalSteps(cfg, input.train.length);
    const result = await trainRewardModel({ rm, train: input.train, eval: input.eval, config: cfg, signal, onStep: (m) => onStep?.(m, totalSteps) });
    const reference = input.reference.length > 0 ? input.reference : input.train.flatMap((p) => [{ prompt: p.prompt, response: p.chosen }, { prompt: p.prompt, response: p.rejected }]);
    const normalisation = normaliseOn(rm, reference);
    await saveRewardModel(input.outDir, rm, { ...input.meta, rm: { config: cfg, steps: result.steps, eval: result.eval } });
    return {
      outDir: input.outDir,
      steps: result.steps,
      seconds: result.seconds,
      trainLoss: result.trainLoss,
      valAccuracy: result.eval['eval/accuracy'] ?? null,
      metrics: result.eval,
      normalisation,
      pairs: { train: input.train.length, eval: input.eval.length },
      meta: input.meta ?? {},
    };
  } finally {
    rm.dispose();
  }
}
