/**
 * Simulated annotators (AlpacaFarm-style): the oracle is the task verifier; the annotator prefers the higher
 * score, with label noise, position bias and a strength read from the score gap.
 *
 * Per judgment, in order:
 *  1. both scores < bothBadThreshold                 → both_bad (strength 0)
 *  2. |Δ| < tieThreshold                            → tie, except with prob. positionBias it says left (strength 0)
 *  3. otherwise the higher-scored side; with prob. noise the pick is flipped; then a right pick becomes left with
 *     prob. 2·positionBias, so that with sides in random order the left-pick rate among decisive labels is
 *     0.5 + positionBias (the position-bias rate the queue's quality metrics measure).
 * Strength (Llama 2 scale: negligibly / slightly / better / significantly) is read from |Δ| alone
 * (cuts 0.15, 0.4, 0.7), also for flipped labels: a noisy annotator is confidently wrong.
 */
import { verify } from './index';
import { createRng } from './rng';
import type { VerifierSpec } from './types';

export interface SimulatedAnnotatorOptions {
  seed: number;
  /** Probability that a decisive pick is flipped. */
  noise?: number;
  /** Excess left-pick rate over 1/2 on decisive labels; also the chance of saying left on a tie. ≤ 0.5. */
  positionBias?: number;
  /** |Δscore| below which the annotator says tie. */
  tieThreshold?: number;
  /** Both scores below this → both_bad. */
  bothBadThreshold?: number;
}

export type Pick = 'left' | 'right' | 'tie' | 'both_bad';

export interface Judgment {
  pick: Pick;
  /** 0..3: negligibly, slightly, better, significantly better. */
  strength: 0 | 1 | 2 | 3;
  scores: { left: number; right: number };
}

export interface SimulatedAnnotator {
  judge(item: { prompt: string; verifier: VerifierSpec; left: string; right: string }): Judgment;
}

const STRENGTH_CUTS = [0.15, 0.4, 0.7];

export function createSimulatedAnnotator(opts: SimulatedAnnotatorOptions): SimulatedAnnotator {
  const { noise = 0.1, positionBias = 0.05, tieThreshold = 0.05, bothBadThreshold = 0.1 } = opts;
  if (!(noise >= 0 && noise <= 1)) throw new Error(`noise must be in [0, 1], got ${noise}`);
  if (!(positionBias >= 0 && positionBias <= 0.5)) throw new Error(`positionBias must be in [0, 0.5], got ${positionBias}`);
  const rng = createRng(opts.seed);
  return {
    judge({ verifier, left, right }) {
      const scores = { left: verify(verifier, left), right: verify(verifier, right) };
      const gap = Math.abs(scores.left - scores.right);
      if (scores.left < bothBadThreshold && scores.right < bothBadThreshold) return { pick: 'both_bad', strength: 0, scores };
      if (gap < tieThreshold) return { pick: rng.bool(positionBias) ? 'left' : 'tie', strength: 0, scores };
      let pick: Pick = scores.left > scores.right ? 'left' : 'right';
      if (rng.bool(noise)) pick = pick === 'left' ? 'right' : 'left';
      if (pick === 'right' && rng.bool(2 * positionBias)) pick = 'left';
      return { pick, strength: strengthOf(gap), scores };
    },
  };
}

function strengthOf(gap: number): 0 | 1 | 2 | 3 {
  return STRENGTH_CUTS.filter((cut) => gap >= cut).length as 0 | 1 | 2 | 3;
}
