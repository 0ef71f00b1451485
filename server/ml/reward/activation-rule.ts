// When a new reward model replaces the active one (pure: the store and the workers share it).

/** Held-out accuracies of a candidate and of the active model, ideally measured on the same pairs (compare.ts). */
export interface RmComparison {
  candidate: number | null;
  active: number | null;
}

/** Not worse: no active model (or none with a figure) → the candidate wins; a candidate without a figure never replaces one that has it. */
export const notWorse = ({ candidate, active }: RmComparison): boolean => active === null || (candidate !== null && candidate >= active);
