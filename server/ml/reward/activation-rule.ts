// When a new reward model replaces the active one (pure: the store and the workers share it).

/** Held-out accuracies of a candidate and of the active model, ideally measured on the same pairs (compare.ts). */
export interface RmComparison {
  candidate: number | null;
  active: number | null;
}

/** Not worse: no active model (or none with a figure) → the candidate wins; a candidate without a figure never replaces one that has it. */
export const notWorse = ({ candidate, active }: RmComparison): boolean => active === null || (candidate !== null && candidate >= active);

/** When a reward model may drive a policy update: its held-out accuracy must clear `minAccuracy` by `z` coin standard errors. */
export interface RmGate {
  minAccuracy: number; // [0.5: chance]
  z: number; // standard errors of a coin on the same number of pairs, 0.5/√n [1]
}

export const RM_GATE_DEFAULTS: RmGate = { minAccuracy: 0.5, z: 1 };

/**
 * Whether held-out `accuracy` on `pairs` pairs is credibly above `minAccuracy`: accuracy − z·0.5/√n > minAccuracy.
 * With 33 held-out pairs and the defaults it takes more than 58.7 %; with 100, more than 55 %.
 */
export const clearsGate = (accuracy: number, pairs: number, gate: RmGate = RM_GATE_DEFAULTS): boolean =>
  pairs > 0 && accuracy - (gate.z * 0.5) / Math.sqrt(pairs) > gate.minAccuracy;
