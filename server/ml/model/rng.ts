// Small seeded PRNG (mulberry32) so initialisation and sampling are reproducible on every backend.
// Its normal() keeps Box–Muller's second value (the weights' initialisation depends on that sequence).
import { createRng } from '../tasks/rng';

export interface Rng {
  next(): number; // uniform in [0, 1)
  normal(): number; // N(0, 1)
}

export function makeRng(seed: number): Rng {
  const { next } = createRng(seed);
  let spare: number | null = null;
  const normal = (): number => {
    if (spare !== null) {
      const s = spare;
      spare = null;
      return s;
    }
    // Box–Muller; 1 - u keeps log away from 0
    const u = 1 - next();
    const v = next();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
  return { next, normal };
}

export function randomSeed(): number {
  return Math.floor(Math.random() * 2 ** 32);
}
