// Reward normalisation: after training, gain and bias such that reference-policy samples score mean 0, std 1
// (the raw scale of a rank-loss model is arbitrary; PPO's KL coefficient assumes unit-scale rewards).
import type { Message } from '../model/chat-template';
import { IDENTITY_NORMALISATION, type Normalisation, type RewardModel } from './model';
import { scoreTexts } from './score';

/** gain = 1/std, bias = −mean/std of the raw rewards; a constant reward only gets centred. */
export function fitNormalisation(raw: number[]): Normalisation {
  if (raw.length === 0) throw new Error('normalisation needs at least one reference sample');
  const mean = raw.reduce((a, b) => a + b, 0) / raw.length;
  const std = Math.sqrt(raw.reduce((a, b) => a + (b - mean) ** 2, 0) / raw.length);
  const gain = std > 1e-8 ? 1 / std : 1;
  return { gain, bias: -mean * gain };
}

/** Fits and sets rm.normalisation on the reference samples; returns it. */
export function normaliseOn(rm: RewardModel, samples: { prompt: string | Message[]; response: string }[]): Normalisation {
  rm.normalisation = IDENTITY_NORMALISATION;
  const { scores } = scoreTexts(rm, samples.map((s) => s.prompt), samples.map((s) => s.response));
  rm.normalisation = fitNormalisation(scores);
  return rm.normalisation;
}
