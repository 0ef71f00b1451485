/**
 * Simulated annotators (AlpacaFarm-style): the oracle is the task verifier, the annotator a noisy judge of it.
 *
 * Per judgment of (left, right) with oracle scores sL, sR and gap Δ = sL − sR, in order:
 *  1. both scores < bothBadThreshold      → both_bad (strength 0): neither answer is worth preferring.
 *  2. |Δ| < tieThreshold                 → tie (strength 0), except that with prob. positionBias it says left.
 *  3. otherwise a decisive pick:
 *     a. Bradley–Terry on the scores: P(left) = σ(Δ / temperature); temperature 0 is the limit, always the
 *        higher score.
 *     b. flip noise: with prob. noise the pick goes to the other side.
 *     c. position bias: a right pick becomes left with prob. 2·positionBias, so that with sides in random order
 *        the left-pick rate among decisive labels is 0.5 + positionBias (what the queue's metrics measure).
 * Strength (Llama 2 scale 0..3: negligibly / slightly / better / significantly better) is read from |Δ| (cuts
 * 0.15, 0.4, 0.7) when the pick agrees with the oracle; a pick against it (a BT draw, a flip or the position
 * bias) carries a low strength, min(1, that), so a wrong label is an unsure one.
 */
import { verify } from './index';
import { createRng } from '../random';
import type { VerifierSpec } from './types';

export interface SimulatedAnnotatorOptions {
  seed: number;
  /** [0.1] probability that a decisive pick is flipped to the other side */
  noise?: number;
  /** [0] Bradley–Terry temperature on the score gap; 0 = always the higher score */
  temperature?: number;
  /** [0.05] excess left-pick rate over 1/2 on decisive labels; also the chance of saying left on a tie. ≤ 0.5 */
  positionBias?: number;
  /** [0.05] |Δscore| below which the annotator says tie */
  tieThreshold?: number;
  /** [0.1] both scores below this → both_bad */
  bothBadThreshold?: number;
}

export const SIMULATED_ANNOTATOR_DEFAULTS = {
  noise: 0.1,
  temperature: 0,
  positionBias: 0.05,
  tieThreshold: 0.05,
  bothBadThreshold: 0.1,
} as const satisfies Required<Omit<SimulatedAnnotatorOptions, 'seed'>>;

export type Pick = 'left' | 'right' | 'tie' | 'both_bad';
export type Strength = 0 | 1 | 2 | 3;

export interface Judgment {
  pick: Pick;
  /** 0..3: negligibly, slightly, better, significantly better. */
  strength: Strength;
  scores: { left: number; right: number };
  /** the pick went against the higher oracle score (by BT, flip noise or position bias) */
  againstOracle: boolean;
}

export interface SimulatedAnnotator {
  /** Scores both responses with the verifier, then judges the scores. */
  judge(item: { prompt: string; verifier: VerifierSpec; left: string; right: string }): Judgment;
  /** Judges two oracle scores (left, right as shown). */
  judgeScores(scores: { left: number; right: number }): Judgment;
}

const STRENGTH_CUTS = [0.15, 0.4, 0.7];

export function createSimulatedAnnotator(opts: SimulatedAnnotatorOptions): SimulatedAnnotator {
  const { noise, temperature, positionBias, tieThreshold, bothBadThreshold } = { ...SIMULATED_ANNOTATOR_DEFAULTS, ...definedOnly(opts) };
  if (!(noise >= 0 && noise <= 1)) throw new Error(`noise must be in [0, 1], got ${noise}`);
  if (!(temperature >= 0 && Number.isFinite(temperature))) throw new Error(`temperature must be ≥ 0, got ${temperature}`);
  if (!(positionBias >= 0 && positionBias <= 0.5)) throw new Error(`positionBias must be in [0, 0.5], got ${positionBias}`);
  if (!(tieThreshold >= 0)) throw new Error(`tieThreshold must be ≥ 0, got ${tieThreshold}`);
  const rng = createRng(opts.seed);

  const judgeScores = (scores: { left: number; right: number }): Judgment => {
    const gap = scores.left - scores.right;
    if (scores.left < bothBadThreshold && scores.right < bothBadThreshold) return { pick: 'both_bad', strength: 0, scores, againstOracle: false };
    if (Math.abs(gap) < tieThreshold) return { pick: rng.bool(positionBias) ? 'left' : 'tie', strength: 0, scores, againstOracle: false };
    const pLeft = temperature > 0 ? sigmoid(gap / temperature) : gap > 0 ? 1 : 0; // a. Bradley–Terry
    let pick: 'left' | 'right' = rng.next() < pLeft ? 'left' : 'right';
    if (rng.bool(noise)) pick = pick === 'left' ? 'right' : 'left'; // b. flip noise
    if (pick === 'right' && rng.bool(2 * positionBias)) pick = 'left'; // c. position bias
    const againstOracle = (pick === 'left') !== gap > 0;
    const strength = strengthOf(Math.abs(gap));
    return { pick, strength: againstOracle ? (Math.min(1, strength) as Strength) : strength, scores, againstOracle };
  };

  return {
    judge: ({ verifier, left, right }) => judgeScores({ left: verify(verifier, left), right: verify(verifier, right) }),
    judgeScores,
  };
}

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

function strengthOf(gap: number): Strength {
  return STRENGTH_CUTS.filter((cut) => gap >= cut).length as Strength;
}

/** Options given as undefined (e.g. an unset CLI flag) fall back to the default. */
function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
