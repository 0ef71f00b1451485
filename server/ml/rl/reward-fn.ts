// The reward a policy is trained on, batched: the reward model's normalised score, the task world's verifier
// score (RLVR), or both — score = rmWeight · RM(x, y) + verifierWeight · verify(x, y) (DESIGN.md §4 "PPO":
// "the normalised RM score (plus optional RLVR verifier reward × weight) at the last token").
import type { Message } from '../model/chat-template';
import type { RewardModel } from '../reward/model';
import { scoreTexts } from '../reward/score';
import { verify } from '../tasks/index';
import type { VerifierSpec } from '../tasks/types';

/** A training prompt; the verifier spec is there for task-world prompts (RLVR) and absent for others. */
export interface RlPrompt {
  prompt: string | Message[];
  verifier?: VerifierSpec;
}

/** Scores responses[i] to prompts[i]; one number per response. */
export type RewardFn = (prompts: readonly RlPrompt[], responses: readonly string[]) => number[];

export interface RewardMix {
  rmWeight: number; // weight of the reward model's normalised score [1]; 0 = verifier only
  verifierWeight: number; // weight of the verifier score in [0, 1] [0]; prompts without a verifier add 0
}

/** The verifier alone (RLVR): prompts without a verifier spec are an error, not a silent zero. */
export function verifierReward(weight = 1): RewardFn {
  return (prompts, responses) =>
    responses.map((text, i) => {
      const spec = prompts[i].verifier;
      if (!spec) throw new Error('verifierReward: a prompt has no verifier spec');
      return weight * verify(spec, text);
    });
}

/** rmWeight · RM score + verifierWeight · verifier score (a prompt without a verifier adds 0 for it). */
export function mixedReward(rm: RewardModel | null, mix: RewardMix): RewardFn {
  if (mix.rmWeight !== 0 && !rm) throw new Error('mixedReward: rmWeight ≠ 0 needs a reward model');
  return (prompts, responses) => {
    const rmScores = mix.rmWeight !== 0 && rm ? scoreTexts(rm, prompts.map((p) => p.prompt), [...responses]).scores : null;
    return responses.map((text, i) => {
      const spec = prompts[i].verifier;
      const fromVerifier = mix.verifierWeight !== 0 && spec ? mix.verifierWeight * verify(spec, text) : 0;
      return (rmScores ? mix.rmWeight * rmScores[i] : 0) + fromVerifier;
    });
  };
}
