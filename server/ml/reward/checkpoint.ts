// Reward-model checkpoint: the trunk as a policy checkpoint folder (model.safetensors + config.json, HF GPT-2
// names) whose config.json "prefloop.meta.reward" section holds the heads, normalisation, ensemble size and
// maxLen; a word prior, if any, is word-prior.json beside them (word-prior.ts). The folder is written under a
// temporary name and renamed into place, so a reader never sees half of it.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { loadCheckpoint, saveCheckpoint } from '../model/checkpoint';
import { type Normalisation, RewardModel } from './model';
import { loadWordPrior, saveWordPrior } from './word-prior';

export interface RewardMeta {
  format: 1;
  ensemble: number;
  heads: number[]; // [C, K] row-major (float32 values: a JSON double round trip is exact)
  normalisation: Normalisation;
  maxLen: number;
  wordPrior?: boolean; // word-prior.json is in the folder
}

/** Writes `dir` (which must not exist yet: versions are write-once). `extra` lands in config.json's meta. */
export async function saveRewardModel(dir: string, rm: RewardModel, extra: Record<string, unknown> = {}): Promise<void> {
  try {
    await fs.access(dir);
    throw new Error(`${dir} already exists`);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const reward: RewardMeta = {
    format: 1,
    ensemble: rm.ensemble,
    heads: Array.from(rm.heads.dataSync()),
    normalisation: rm.normalisation,
    maxLen: rm.maxLen,
    ...(rm.prior ? { wordPrior: true } : {}),
  };
  const tmp = `${dir}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await saveCheckpoint(tmp, rm.trunk, { ...extra, tokenizer: rm.tokenizer.name, reward });
    if (rm.prior) await saveWordPrior(tmp, rm.prior);
    await fs.rename(tmp, dir);
  } catch (err) {
    await fs.rm(tmp, { recursive: true, force: true });
    throw err;
  }
}

/** Loads a folder written by saveRewardModel. */
export async function loadRewardModel(dir: string): Promise<{ rm: RewardModel; meta: Record<string, unknown> }> {
  const { model, tokenizer, meta } = await loadCheckpoint(dir);
  const reward = meta.reward as RewardMeta | undefined;
  if (reward?.format !== 1) {
    model.dispose();
    throw new Error(`${dir}: not a reward-model checkpoint (no "reward" section in config.json)`);
  }
  let prior: RewardModel['prior'] = null;
  try {
    if (reward.wordPrior) prior = await loadWordPrior(dir);
  } catch (err) {
    model.dispose();
    throw err;
  }
  const rm = new RewardModel(model, tokenizer, {
    ensemble: reward.ensemble,
    heads: Float32Array.from(reward.heads),
    normalisation: reward.normalisation,
    maxLen: reward.maxLen,
    prior: prior ?? undefined,
  });
  return { rm, meta };
}
