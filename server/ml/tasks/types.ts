import type { z } from 'zod';
import type { Rng } from '../random';

/** How to score a response: plain JSON (stored with the prompt in the DB), dispatched on `family`. */
export interface VerifierSpec {
  family: string;
  [k: string]: unknown;
}

export type Split = 'train' | 'heldout';

export interface TaskInstance {
  id: string;
  family: string;
  prompt: string;
  /** A correct reference answer: `verify(verifier, answer) === 1`. */
  answer: string;
  verifier: VerifierSpec;
  split: Split;
}

export interface GeneratedTask<S extends VerifierSpec = VerifierSpec> {
  prompt: string;
  answer: string;
  verifier: S;
}

/**
 * One instruction family. `exact` families have one right answer (score 1, partial credit for near misses, 0 when
 * wrong); `style` families are open-ended and scored by the fraction of house-style rules a response satisfies.
 */
export interface FamilyDef<S extends VerifierSpec> {
  name: string;
  kind: 'exact' | 'style';
  spec: z.ZodType<S>;
  generate(rng: Rng): GeneratedTask<S>;
  /** Score in [0, 1]; never throws on any response string. */
  verify(spec: S, response: string): number;
  /** A realistic wrong or sloppy response (scores < 1): the starter SFT data's deliberate imperfections. */
  imperfect(rng: Rng, spec: S, answer: string): string;
}

/** A family with its spec type erased: `verify`/`imperfect` validate the stored spec first. */
export interface TaskFamily {
  name: string;
  kind: 'exact' | 'style';
  generate(rng: Rng): GeneratedTask;
  verify(spec: VerifierSpec, response: string): number;
  imperfect(rng: Rng, spec: VerifierSpec, answer: string): string;
}

export function defineFamily<S extends VerifierSpec>(def: FamilyDef<S>): TaskFamily {
  const parse = (spec: VerifierSpec): S => {
    const parsed = def.spec.safeParse(spec);
    if (!parsed.success) throw new Error(`invalid ${def.name} verifier spec: ${parsed.error.message}`);
    return parsed.data;
  };
  return {
    name: def.name,
    kind: def.kind,
    generate: (rng) => def.generate(rng),
    verify: (spec, response) => def.verify(parse(spec), response),
    imperfect: (rng, spec, answer) => def.imperfect(rng, parse(spec), answer),
  };
}
